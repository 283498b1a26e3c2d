package com.fever.plans.search.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page for errors raised outside a controller (the servlet
 * container, a filter): they get the contract's error body too.
 */
@Hidden
@RestController
class JsonErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<byte[]> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		if (status == HttpStatus.NOT_FOUND) {
			return ErrorBodies.response(status, "not_found", "No such resource; the search is GET /search");
		}
		if (status.is4xxClientError()) {
			return ErrorBodies.response(status, "bad_request", "The request is malformed");
		}
		return ErrorBodies.response(status.is5xxServerError() ? status : HttpStatus.INTERNAL_SERVER_ERROR,
				"internal_error", "Internal error");
	}

}

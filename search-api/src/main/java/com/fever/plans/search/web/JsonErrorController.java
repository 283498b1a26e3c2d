package com.fever.plans.search.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
		HttpStatus status = (code instanceof Integer value && value >= 400 && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Cache-Control", "no-store")
			.body(ErrorBodies.forStatus(status.value()));
	}

}

package com.fever.plans.search.logging;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.util.StringUtils;

/**
 * The console encoding Spring Boot picks for its own default configuration, for use in
 * {@code logback-spring.xml}: structured lines ({@link StructuredLogEncoder}) when
 * {@code logging.structured.format.console} names a format ({@code ecs},
 * {@code logstash}, {@code gelf} or a formatter class), the human-readable pattern when
 * it is unset or empty.
 * <p>
 * Why a class: the search API wraps its console in an asynchronous appender, so it needs
 * its own logback configuration, and logback can only choose between two encoders by a
 * property with Janino's {@code <if>} (one more library for one decision). With this
 * encoder the search API honours the same switch as the import job, which keeps Spring
 * Boot's default configuration.
 */
public class ConsoleEncoder extends EncoderBase<ILoggingEvent> {

	private String format;

	private String pattern;

	private Charset charset = StandardCharsets.UTF_8;

	private Encoder<ILoggingEvent> delegate;

	/**
	 * The structured format; blank for the pattern.
	 * @param format {@code ecs}, {@code logstash}, {@code gelf}, a formatter class name,
	 * or blank
	 */
	public void setFormat(String format) {
		this.format = format;
	}

	/**
	 * The pattern of the human-readable lines.
	 * @param pattern a logback pattern
	 */
	public void setPattern(String pattern) {
		this.pattern = pattern;
	}

	public void setCharset(Charset charset) {
		this.charset = charset;
	}

	/**
	 * Whether the lines are structured.
	 * @return true when a structured format is set
	 */
	public boolean isStructured() {
		return StringUtils.hasText(this.format);
	}

	@Override
	public void start() {
		if (isStructured()) {
			StructuredLogEncoder structured = new StructuredLogEncoder();
			structured.setFormat(this.format.trim());
			structured.setCharset(this.charset);
			this.delegate = structured;
		}
		else {
			PatternLayoutEncoder text = new PatternLayoutEncoder();
			text.setPattern(this.pattern);
			text.setCharset(this.charset);
			this.delegate = text;
		}
		this.delegate.setContext(getContext());
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		if (this.delegate != null) {
			this.delegate.stop();
		}
		super.stop();
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return this.delegate.encode(event);
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

}

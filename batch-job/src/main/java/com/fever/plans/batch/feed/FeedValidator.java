package com.fever.plans.batch.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Checks, in one streaming pass with constant memory, that a staged payload is a
 * well-formed {@code <planList>} with an {@code <output>}, before anything touches the
 * {@code events} table. Each kind of bad payload gets its own message: empty, JSON, HTML,
 * wrong root, malformed or truncated XML, and (never retried) a document type
 * declaration.
 */
public class FeedValidator {

	private static final String ROOT = "planList";

	private final XMLInputFactory factory = SecureXml.inputFactory();

	/**
	 * Validates the staged file.
	 * @param file the payload
	 * @return the number of {@code <base_plan>} elements
	 * @throws InvalidFeedException when it is not a well-formed plan list
	 */
	public long validate(Path file) {
		long size = size(file);
		if (size == 0) {
			throw new InvalidFeedException("Feed is empty (0 bytes)");
		}
		String head = head(file);
		if (head.startsWith("{") || head.startsWith("[")) {
			throw new InvalidFeedException("Feed is JSON, not XML: " + abbreviate(head));
		}
		String lower = head.toLowerCase(Locale.ROOT);
		if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
			throw new InvalidFeedException("Feed is an HTML page, not a planList: " + abbreviate(head));
		}
		try (InputStream in = Files.newInputStream(file)) {
			return scan(this.factory.createXMLStreamReader(in));
		}
		catch (XMLStreamException ex) {
			String where = (ex.getLocation() != null)
					? " at line " + ex.getLocation().getLineNumber() + ", column " + ex.getLocation().getColumnNumber()
					: "";
			throw new InvalidFeedException("Feed is not well-formed XML" + where + " (" + size
					+ " bytes; truncated or malformed): " + ex.getMessage().replaceAll("\\s+", " "));
		}
		catch (IOException ex) {
			throw new FeedFetchException("Could not read the staged feed " + file + ": " + ex.getMessage(), false, ex);
		}
	}

	private long scan(XMLStreamReader reader) throws XMLStreamException {
		long basePlans = 0;
		boolean rootSeen = false;
		boolean outputSeen = false;
		int depth = 0;
		try {
			while (reader.hasNext()) {
				int event = reader.next();
				if (event == XMLStreamConstants.DTD) {
					throw new InvalidFeedException(
							"Feed declares a document type (<!DOCTYPE>): DTDs and external entities are refused",
							false);
				}
				if (event == XMLStreamConstants.ENTITY_REFERENCE) {
					throw new InvalidFeedException("Feed references the undeclared entity &" + reader.getLocalName()
							+ "; (DTDs and entities are refused)", false);
				}
				if (event == XMLStreamConstants.START_ELEMENT) {
					depth++;
					String name = reader.getLocalName();
					if (!rootSeen) {
						if (!ROOT.equals(name)) {
							throw new InvalidFeedException(
									"Feed root element is <" + name + ">, expected <" + ROOT + ">");
						}
						rootSeen = true;
					}
					else if (depth == 2 && "output".equals(name)) {
						outputSeen = true;
					}
					else if (depth == 3 && "base_plan".equals(name)) {
						basePlans++;
					}
				}
				else if (event == XMLStreamConstants.END_ELEMENT) {
					depth--;
				}
			}
		}
		finally {
			reader.close();
		}
		if (!rootSeen) {
			throw new InvalidFeedException("Feed has no root element");
		}
		if (!outputSeen) {
			throw new InvalidFeedException("Feed's <planList> has no <output> element");
		}
		return basePlans;
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new FeedFetchException("Could not read the staged feed " + file + ": " + ex.getMessage(), false, ex);
		}
	}

	private static String head(Path file) {
		byte[] buffer = new byte[256];
		try (InputStream in = Files.newInputStream(file)) {
			int read = in.readNBytes(buffer, 0, buffer.length);
			String text = new String(buffer, 0, read, StandardCharsets.UTF_8);
			return text.replace("\uFEFF", "").strip();
		}
		catch (IOException ex) {
			throw new FeedFetchException("Could not read the staged feed " + file + ": " + ex.getMessage(), false, ex);
		}
	}

	private static String abbreviate(String text) {
		String oneLine = text.replaceAll("\\s+", " ");
		return (oneLine.length() > 80) ? oneLine.substring(0, 80) + "..." : oneLine;
	}

}

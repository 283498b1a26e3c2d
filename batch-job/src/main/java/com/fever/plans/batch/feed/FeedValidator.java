package com.fever.plans.batch.feed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;

/**
 * Checks a payload while it streams in, in the same pass that hashes it and writes it to
 * disk (Aalto's non-blocking parser is fed each buffer as it arrives), with constant
 * memory: a well-formed {@code <planList>} with an {@code <output>}, before anything
 * touches the {@code events} table. Each kind of bad payload gets its own message: empty,
 * JSON, HTML, wrong root, malformed or truncated XML, and (never retried) a document type
 * declaration.
 */
public class FeedValidator {

	private static final String ROOT = "planList";

	/**
	 * How much of the payload is looked at before parsing to tell JSON and HTML apart.
	 */
	private static final int HEAD = 256;

	private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);

	private final AsyncXMLInputFactory factory = SecureXml.asyncInputFactory();

	/**
	 * Starts checking one payload.
	 * @return the check, to be fed the payload's bytes in order
	 */
	public Check start() {
		return new Check(this.factory.createAsyncForByteArray());
	}

	/**
	 * The check of one payload: {@link #feed} every buffer as it arrives, then
	 * {@link #finish}.
	 */
	public static final class Check {

		private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;

		private final byte[] head = new byte[HEAD];

		private int headLength;

		private boolean headChecked;

		private long bytes;

		private long basePlans;

		private boolean rootSeen;

		private boolean outputSeen;

		private int depth;

		Check(AsyncXMLStreamReader<AsyncByteArrayFeeder> reader) {
			this.reader = reader;
		}

		/**
		 * Checks the next bytes of the payload. The buffer may be reused once this
		 * returns.
		 * @param buffer the bytes
		 * @param offset where they start
		 * @param length how many
		 * @throws InvalidFeedException as soon as the payload is known bad
		 */
		public void feed(byte[] buffer, int offset, int length) {
			this.bytes += length;
			if (!this.headChecked) {
				int taken = Math.min(length, HEAD - this.headLength);
				System.arraycopy(buffer, offset, this.head, this.headLength, taken);
				this.headLength += taken;
				offset += taken;
				length -= taken;
				if (this.headLength < HEAD) {
					return;
				}
				checkHead();
			}
			if (length > 0) {
				refuseDoctype(buffer, offset, length);
				parse(buffer, offset, length);
			}
		}

		/**
		 * Ends the payload.
		 * @return the number of {@code <base_plan>} elements
		 * @throws InvalidFeedException when it is not a well-formed plan list
		 */
		public long finish() {
			if (this.bytes == 0) {
				throw new InvalidFeedException("Feed is empty (0 bytes)");
			}
			if (!this.headChecked) {
				checkHead();
			}
			try {
				this.reader.getInputFeeder().endOfInput();
				drain();
				this.reader.close();
			}
			catch (XMLStreamException ex) {
				throw malformed(ex);
			}
			if (!this.rootSeen) {
				throw new InvalidFeedException("Feed has no root element");
			}
			if (!this.outputSeen) {
				throw new InvalidFeedException("Feed's <planList> has no <output> element");
			}
			if (this.depth > 0) {
				// Aalto's non-blocking parser ends without an error when the input stops
				// inside open elements: a body cut short would otherwise pass.
				throw new InvalidFeedException("Feed is truncated: it ends after " + this.bytes + " bytes with "
						+ this.depth + " element(s) still open");
			}
			return this.basePlans;
		}

		private void checkHead() {
			this.headChecked = true;
			String text = new String(this.head, 0, this.headLength, StandardCharsets.UTF_8).replace("\uFEFF", "")
				.strip();
			if (text.startsWith("{") || text.startsWith("[")) {
				throw new InvalidFeedException("Feed is JSON, not XML: " + abbreviate(text));
			}
			String lower = text.toLowerCase(Locale.ROOT);
			if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
				throw new InvalidFeedException("Feed is an HTML page, not a planList: " + abbreviate(text));
			}
			refuseDoctype(this.head, 0, this.headLength);
			// The parser does not copy what it is fed: the head keeps its own array.
			parse(Arrays.copyOf(this.head, this.headLength), 0, this.headLength);
		}

		/**
		 * Refuses a document type declaration in the prolog before the parser sees it
		 * (Aalto's non-blocking parser reports an internal subset as malformed XML, which
		 * would be retried): the bytes before the root element are searched for
		 * {@code <!DOCTYPE}.
		 */
		private void refuseDoctype(byte[] buffer, int offset, int length) {
			if (this.rootSeen) {
				return;
			}
			int end = offset + length - DOCTYPE.length;
			for (int i = offset; i <= end; i++) {
				if (buffer[i] == '<' && Arrays.equals(buffer, i, i + DOCTYPE.length, DOCTYPE, 0, DOCTYPE.length)) {
					throw doctype();
				}
			}
		}

		private static InvalidFeedException doctype() {
			return new InvalidFeedException(
					"Feed declares a document type (<!DOCTYPE>): DTDs and external entities are refused", false);
		}

		private void parse(byte[] buffer, int offset, int length) {
			try {
				this.reader.getInputFeeder().feedInput(buffer, offset, length);
				drain();
			}
			catch (XMLStreamException ex) {
				throw malformed(ex);
			}
		}

		/** Consumes every event the bytes fed so far complete. */
		private void drain() throws XMLStreamException {
			while (this.reader.hasNext()) {
				int event = this.reader.next();
				switch (event) {
					case AsyncXMLStreamReader.EVENT_INCOMPLETE -> {
						return;
					}
					case XMLStreamConstants.DTD -> throw doctype();
					case XMLStreamConstants.ENTITY_REFERENCE ->
						throw new InvalidFeedException("Feed references the undeclared entity &"
								+ this.reader.getLocalName() + "; (DTDs and entities are refused)", false);
					case XMLStreamConstants.START_ELEMENT -> startElement(this.reader.getLocalName());
					case XMLStreamConstants.END_ELEMENT -> this.depth--;
					default -> {
					}
				}
			}
		}

		private void startElement(String name) {
			this.depth++;
			if (!this.rootSeen) {
				if (!ROOT.equals(name)) {
					throw new InvalidFeedException("Feed root element is <" + name + ">, expected <" + ROOT + ">");
				}
				this.rootSeen = true;
			}
			else if (this.depth == 2 && "output".equals(name)) {
				this.outputSeen = true;
			}
			else if (this.depth == 3 && "base_plan".equals(name)) {
				this.basePlans++;
			}
		}

		private InvalidFeedException malformed(XMLStreamException ex) {
			String where = (ex.getLocation() != null)
					? " at line " + ex.getLocation().getLineNumber() + ", column " + ex.getLocation().getColumnNumber()
					: "";
			return new InvalidFeedException("Feed is not well-formed XML" + where + " (" + this.bytes
					+ " bytes; truncated or malformed): " + String.valueOf(ex.getMessage()).replaceAll("\\s+", " "));
		}

		private static String abbreviate(String text) {
			String oneLine = text.replaceAll("\\s+", " ");
			return (oneLine.length() > 80) ? oneLine.substring(0, 80) + "..." : oneLine;
		}

	}

}

package com.fever.plans.batch.plan;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stax.StAXSource;

import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.NonTransientResourceException;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.oxm.Unmarshaller;

/**
 * Reads the staged feed's {@code <base_plan>} fragments with the StAX cursor API
 * ({@link XMLStreamReader}) and hands each to an {@link Unmarshaller} as a
 * {@link StAXSource} positioned on the fragment's start tag: the same reader,
 * unmarshaller, processor shape as {@code StaxEventItemReader}, without an event object
 * per tag.
 * <p>
 * Why not {@code StaxEventItemReader}: it wraps every start tag, attribute and end tag in
 * an {@code XMLEvent} (Aalto's event allocator also copies the tag's namespace context),
 * which was a fifth of the load step's CPU; the mapping only needs the cursor.
 * <p>
 * Restart works as Spring Batch's own XML reader does: the state is the count of
 * fragments read ({@code <name>.read.count}, the same key as before), and a restart skips
 * that many fragments without mapping them. The file was checked whole while it was
 * fetched (well-formed, no DTD), so the cursor meets no surprises here; a parse error
 * still fails the step.
 */
public class BasePlanReader extends AbstractItemCountingItemStreamItemReader<BasePlanXml> {

	private static final String BASE_PLAN = "base_plan";

	private static final int BUFFER_SIZE = 64 * 1024;

	private final Path file;

	private final XMLInputFactory inputFactory;

	private final Unmarshaller unmarshaller;

	private InputStream input;

	private XMLStreamReader cursor;

	/**
	 * Creates a reader of {@code file}.
	 * @param name the name that prefixes its keys in the step's execution context
	 * @param file the staged feed
	 * @param inputFactory a StAX factory that refuses DTDs and external entities
	 * @param unmarshaller maps one fragment, given a cursor on its start tag, and leaves
	 * the cursor on its end tag
	 */
	public BasePlanReader(String name, Path file, XMLInputFactory inputFactory, Unmarshaller unmarshaller) {
		setName(name);
		this.file = file;
		this.inputFactory = inputFactory;
		this.unmarshaller = unmarshaller;
	}

	@Override
	protected void doOpen() throws Exception {
		this.input = new BufferedInputStream(Files.newInputStream(this.file), BUFFER_SIZE);
		this.cursor = this.inputFactory.createXMLStreamReader(this.input);
	}

	@Override
	protected BasePlanXml doRead() throws Exception {
		if (!toNextFragment()) {
			return null;
		}
		return (BasePlanXml) this.unmarshaller.unmarshal(new StAXSource(this.cursor));
	}

	/** A restart skips the fragments already staged without mapping them. */
	@Override
	protected void jumpToItem(int itemIndex) throws Exception {
		for (int i = 0; i < itemIndex; i++) {
			if (!toNextFragment()) {
				return;
			}
			skipElement();
		}
	}

	@Override
	protected void doClose() throws Exception {
		try {
			if (this.cursor != null) {
				this.cursor.close();
			}
		}
		finally {
			this.cursor = null;
			if (this.input != null) {
				try {
					this.input.close();
				}
				catch (IOException ex) {
					throw new ItemStreamException("Cannot close the staged feed " + this.file, ex);
				}
				this.input = null;
			}
		}
	}

	/** Moves the cursor to the next {@code <base_plan>} start tag; false at the end. */
	private boolean toNextFragment() throws XMLStreamException {
		try {
			while (this.cursor.hasNext()) {
				if (this.cursor.next() == XMLStreamConstants.START_ELEMENT
						&& BASE_PLAN.equals(this.cursor.getLocalName())) {
					return true;
				}
			}
			return false;
		}
		catch (XMLStreamException ex) {
			throw new NonTransientResourceException("Cannot read the staged feed " + this.file + ": " + ex.getMessage(),
					ex);
		}
	}

	/** From a start tag to its end tag. */
	private void skipElement() throws XMLStreamException {
		int depth = 1;
		while (depth > 0) {
			int event = this.cursor.next();
			if (event == XMLStreamConstants.START_ELEMENT) {
				depth++;
			}
			else if (event == XMLStreamConstants.END_ELEMENT) {
				depth--;
			}
		}
	}

}

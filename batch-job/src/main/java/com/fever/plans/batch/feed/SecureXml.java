package com.fever.plans.batch.feed;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.stax.InputFactoryImpl;

/**
 * The one way this job makes XML parsers: Aalto (named, not found by service lookup, so
 * another StAX implementation on the class path cannot change it), with no DTD, no
 * external entity, no entity replacement. A feed with a {@code <!DOCTYPE>} is refused
 * outright by {@link FeedValidator} while it streams in, before any of its content is
 * read, so XXE and entity-expansion bombs can neither read a file nor grow memory.
 */
public final class SecureXml {

	private SecureXml() {
	}

	/**
	 * Returns a new StAX input factory that refuses DTDs and external entities.
	 * @return the factory
	 */
	public static XMLInputFactory inputFactory() {
		return secure(new InputFactoryImpl());
	}

	/**
	 * Returns a new non-blocking StAX input factory (bytes are fed as they arrive) that
	 * refuses DTDs and external entities.
	 * @return the factory
	 */
	public static AsyncXMLInputFactory asyncInputFactory() {
		return secure(new InputFactoryImpl());
	}

	private static <F extends XMLInputFactory> F secure(F factory) {
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
		factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
			throw new XMLStreamException("External entities are refused: " + systemId);
		});
		return factory;
	}

}

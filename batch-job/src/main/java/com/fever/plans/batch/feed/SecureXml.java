package com.fever.plans.batch.feed;

import javax.xml.stream.XMLInputFactory;

/**
 * The one way this job makes XML parsers: no DTD, no external entity, no entity
 * replacement. A feed with a {@code <!DOCTYPE>} is refused outright by
 * {@link FeedValidator} before any of its content is read, so XXE and entity-expansion
 * bombs can neither read a file nor grow memory.
 */
public final class SecureXml {

	private SecureXml() {
	}

	/**
	 * Returns a new StAX input factory that refuses DTDs and external entities.
	 * @return the factory
	 */
	public static XMLInputFactory inputFactory() {
		XMLInputFactory factory = XMLInputFactory.newFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
		factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
			throw new javax.xml.stream.XMLStreamException("External entities are refused: " + systemId);
		});
		return factory;
	}

}

package com.fever.plans.batch.plan;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The content hashes of one provider's rows in {@code events}, read once per load, so the
 * writer can tell an unchanged plan from a new or changed one without asking the database
 * per row: an unchanged plan is staged without its JSON (most of its bytes), so neither
 * the COPY nor the merge handles its zones.
 * <p>
 * Kept compact for the job's small heap: sorted parallel {@code long} arrays (the id's
 * two halves, the hash's four words), 48 bytes a row and no object per row; looked up by
 * binary search. The rows come in PostgreSQL's {@code uuid} order, which is the unsigned
 * order of the two halves.
 */
public final class StoredContentHashes {

	private static final String SELECT = "SELECT id, content_hash FROM events WHERE provider = ? ORDER BY id";

	private static final int HASH_WORDS = 4;

	private static final StoredContentHashes NONE = new StoredContentHashes(new long[0], new long[0], new long[0], 0);

	private final long[] mostSignificant;

	private final long[] leastSignificant;

	private final long[] hashes;

	private final int size;

	private StoredContentHashes(long[] mostSignificant, long[] leastSignificant, long[] hashes, int size) {
		this.mostSignificant = mostSignificant;
		this.leastSignificant = leastSignificant;
		this.hashes = hashes;
		this.size = size;
	}

	/** No stored rows: every plan counts as new. */
	public static StoredContentHashes none() {
		return NONE;
	}

	/**
	 * Reads the provider's stored hashes.
	 * @param jdbc where {@code events} is
	 * @param provider the provider
	 * @return the snapshot
	 */
	public static StoredContentHashes read(JdbcTemplate jdbc, String provider) {
		Builder builder = new Builder();
		jdbc.query(SELECT, (rs) -> {
			builder.add(rs.getObject(1, UUID.class), rs.getBytes(2));
		}, provider);
		return builder.build();
	}

	/**
	 * Whether {@code events} holds this plan with this content.
	 * @param id the plan's stable id
	 * @param contentHash its content hash (SHA-256)
	 * @return {@code true} when the stored row has the same hash
	 */
	public boolean unchanged(UUID id, byte[] contentHash) {
		int index = indexOf(id.getMostSignificantBits(), id.getLeastSignificantBits());
		if (index < 0 || contentHash.length != HASH_WORDS * Long.BYTES) {
			return false;
		}
		ByteBuffer hash = ByteBuffer.wrap(contentHash);
		for (int word = 0; word < HASH_WORDS; word++) {
			if (this.hashes[index * HASH_WORDS + word] != hash.getLong()) {
				return false;
			}
		}
		return true;
	}

	/** Stored rows in the snapshot. */
	public int size() {
		return this.size;
	}

	private int indexOf(long most, long least) {
		int low = 0;
		int high = this.size - 1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			int order = Long.compareUnsigned(this.mostSignificant[middle], most);
			if (order == 0) {
				order = Long.compareUnsigned(this.leastSignificant[middle], least);
			}
			if (order < 0) {
				low = middle + 1;
			}
			else if (order > 0) {
				high = middle - 1;
			}
			else {
				return middle;
			}
		}
		return -1;
	}

	/** Collects rows given in id order. */
	static final class Builder {

		private long[] mostSignificant = new long[1024];

		private long[] leastSignificant = new long[1024];

		private long[] hashes = new long[1024 * HASH_WORDS];

		private int size;

		void add(UUID id, byte[] contentHash) {
			if (this.size > 0) {
				int order = Long.compareUnsigned(this.mostSignificant[this.size - 1], id.getMostSignificantBits());
				if (order == 0) {
					order = Long.compareUnsigned(this.leastSignificant[this.size - 1], id.getLeastSignificantBits());
				}
				if (order >= 0) {
					throw new IllegalArgumentException("ids must come in ascending unsigned order: " + id);
				}
			}
			if (contentHash.length != HASH_WORDS * Long.BYTES) {
				// Not a SHA-256: never equal to a computed hash, so left out.
				return;
			}
			if (this.size == this.mostSignificant.length) {
				int capacity = this.size + (this.size >> 1);
				this.mostSignificant = Arrays.copyOf(this.mostSignificant, capacity);
				this.leastSignificant = Arrays.copyOf(this.leastSignificant, capacity);
				this.hashes = Arrays.copyOf(this.hashes, capacity * HASH_WORDS);
			}
			this.mostSignificant[this.size] = id.getMostSignificantBits();
			this.leastSignificant[this.size] = id.getLeastSignificantBits();
			ByteBuffer hash = ByteBuffer.wrap(contentHash);
			for (int word = 0; word < HASH_WORDS; word++) {
				this.hashes[this.size * HASH_WORDS + word] = hash.getLong();
			}
			this.size++;
		}

		StoredContentHashes build() {
			return (this.size == 0) ? NONE
					: new StoredContentHashes(this.mostSignificant, this.leastSignificant, this.hashes, this.size);
		}

	}

}

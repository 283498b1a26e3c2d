import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Deterministic generator of provider feeds for the benchmarks: N base plans x P plans x Z
 * zones, in the provider's format (planList/output/base_plan/plan/zone, attributes only).
 * Streams to disk, so a 1 GB feed needs no memory. Run with the JDK's source launcher:
 *
 * <pre>
 * java FeedGenerator.java --base-plans 10000 --plans 10 --zones 20 --out feed.xml
 * java FeedGenerator.java --base-plans 10000 --plans 10 --zones 20 --change-percent 1 --out changed.xml
 * java FeedGenerator.java --plans 10 --zones 20 --target-bytes 1073741824 --out large.xml
 * </pre>
 *
 * The same arguments (and seed) always give the same bytes. Mix: about 90 % of the base
 * plans sell online, the rest offline; about 20 % have no organizer; 5 % of the plans are
 * sold out; plans start anywhere in 2021-2022 (two years), last 1 to 3 hours, and go on
 * sale up to half a year before. {@code --change-percent C} changes C % of the plans
 * (every plan whose index is below C modulo 100: a zone price and the sold-out flag), and
 * nothing else, so that a re-import must rewrite exactly those rows.
 */
public class FeedGenerator {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

	private static final LocalDateTime EPOCH = LocalDateTime.of(2021, 1, 1, 0, 0);

	private static final int DAYS = 730;

	private static final String[] WORDS = { "Camela", "Pantomima", "Los Morancos", "Tributo", "Concierto", "Jazz",
			"Flamenco", "Opera", "Ballet", "Comedia", "Rock & Roll", "Noche", "Gala", "Festival", "Sinfonica",
			"Candlelight", "Musical", "Teatro", "Magia", "Monologo", "Orquesta", "Quartet", "Tango", "Cine",
			"Exposicion", "Taller", "Cata", "Circo", "Danza", "Coro" };

	private static final String[] ZONES = { "Platea", "Grada 1", "Grada 2", "Amfiteatre", "Palco", "Pista",
			"General", "VIP", "Anfiteatro", "Tribuna" };

	public static void main(String[] args) throws IOException {
		long basePlans = Long.MAX_VALUE;
		int plans = 10;
		int zones = 20;
		long seed = 42;
		int changePercent = 0;
		long targetBytes = Long.MAX_VALUE;
		Path out = null;
		for (int i = 0; i < args.length; i++) {
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			switch (args[i]) {
				case "--base-plans" -> basePlans = Long.parseLong(value);
				case "--plans" -> plans = Integer.parseInt(value);
				case "--zones" -> zones = Integer.parseInt(value);
				case "--seed" -> seed = Long.parseLong(value);
				case "--change-percent" -> changePercent = Integer.parseInt(value);
				case "--target-bytes" -> targetBytes = Long.parseLong(value);
				case "--out" -> out = Path.of(value);
				default -> usage("unknown argument " + args[i]);
			}
			i++;
		}
		if (out == null || (basePlans == Long.MAX_VALUE && targetBytes == Long.MAX_VALUE)) {
			usage("--out and one of --base-plans or --target-bytes are required");
		}
		long started = System.nanoTime();
		Stats stats = generate(out, basePlans, plans, zones, seed, changePercent, targetBytes);
		System.err.printf("%s: %d base plans x %d plans x %d zones = %d plans (%d online, %d changed), %d bytes, %.1f s%n",
				out, stats.basePlans, plans, zones, stats.plans, stats.online, stats.changed, stats.bytes,
				(System.nanoTime() - started) / 1e9);
		System.out.printf("base_plans=%d plans=%d online=%d changed=%d bytes=%d%n", stats.basePlans, stats.plans,
				stats.online, stats.changed, stats.bytes);
	}

	private static void usage(String problem) {
		System.err.println(problem);
		System.err.println("usage: java FeedGenerator.java (--base-plans N | --target-bytes B) [--plans P] [--zones Z]"
				+ " [--seed S] [--change-percent C] --out FILE");
		System.exit(64);
	}

	static final class Stats {

		long basePlans;

		long plans;

		long online;

		long changed;

		long bytes;

	}

	static final class Counting extends FilterOutputStream {

		long count;

		Counting(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.count += len;
		}

	}

	static Stats generate(Path out, long basePlans, int plansPer, int zonesPer, long seed, int changePercent,
			long targetBytes) throws IOException {
		Stats stats = new Stats();
		SplittableRandom random = new SplittableRandom(seed);
		try (Counting counting = new Counting(Files.newOutputStream(out));
				Writer w = new BufferedWriter(new OutputStreamWriter(counting, StandardCharsets.UTF_8), 1 << 20)) {
			w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
			w.write("<planList xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.0\""
					+ " xsi:noNamespaceSchemaLocation=\"planList.xsd\">\n   <output>\n");
			StringBuilder b = new StringBuilder(8192);
			long planIndex = 0;
			for (long i = 0; i < basePlans && counting.count < targetBytes; i++) {
				b.setLength(0);
				long basePlanId = 1000 + i;
				boolean online = random.nextInt(100) < 90;
				String title = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
						+ (1 + random.nextInt(999));
				b.append("      <base_plan base_plan_id=\"").append(basePlanId).append("\" sell_mode=\"")
					.append(online ? "online" : "offline").append('"');
				if (random.nextInt(100) < 80) {
					b.append(" organizer_company_id=\"").append(1 + random.nextInt(50)).append('"');
				}
				b.append(" title=\"").append(escape(title)).append("\">\n");
				for (int p = 0; p < plansPer; p++, planIndex++) {
					boolean change = changePercent > 0 && Math.floorMod(planIndex, 100) < changePercent;
					long planId = basePlanId * 100 + p;
					LocalDateTime start = EPOCH.plusDays(random.nextInt(DAYS))
						.plusMinutes(10 * 60 + 5L * random.nextInt(12 * 12));
					LocalDateTime end = start.plusMinutes(60 + 10L * random.nextInt(13));
					LocalDateTime sellFrom = start.toLocalDate().minusDays(1 + random.nextInt(180)).atStartOfDay();
					LocalDateTime sellTo = start.minusMinutes(10);
					boolean soldOut = random.nextInt(100) < 5;
					if (change) {
						soldOut = !soldOut;
						stats.changed++;
					}
					b.append("         <plan plan_start_date=\"").append(DATE.format(start))
						.append("\" plan_end_date=\"").append(DATE.format(end))
						.append("\" plan_id=\"").append(planId)
						.append("\" sell_from=\"").append(DATE.format(sellFrom))
						.append("\" sell_to=\"").append(DATE.format(sellTo))
						.append("\" sold_out=\"").append(soldOut).append("\">\n");
					for (int z = 0; z < zonesPer; z++) {
						int cents = 500 + 50 * random.nextInt(290);
						if (change && z == 0) {
							cents += 100;
						}
						b.append("            <zone zone_id=\"").append(1 + random.nextInt(400))
							.append("\" capacity=\"").append(1 + random.nextInt(500))
							.append("\" price=\"").append(cents / 100).append('.')
							.append((cents % 100 < 10) ? "0" : "").append(cents % 100)
							.append("\" name=\"").append(ZONES[random.nextInt(ZONES.length)]).append(' ')
							.append(1 + z)
							.append("\" numbered=\"").append(random.nextBoolean()).append("\" />\n");
					}
					b.append("         </plan>\n");
					stats.plans++;
					if (online) {
						stats.online++;
					}
				}
				b.append("      </base_plan>\n");
				w.append(b);
				stats.basePlans++;
				if (targetBytes != Long.MAX_VALUE && (i & 63) == 63) {
					w.flush();
				}
			}
			w.write("   </output>\n</planList>\n");
			w.flush();
			stats.bytes = counting.count;
		}
		return stats;
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
	}

}

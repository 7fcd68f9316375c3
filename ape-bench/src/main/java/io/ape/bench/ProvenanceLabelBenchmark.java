package io.ape.bench;

import io.ape.api.Provenance;
import io.ape.core.provenance.TrackerStats;
import io.ape.core.provenance.ValueProvenanceTracker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The value-provenance tracker's labelling cost for one typical tool call (an e-mail: recipient
 * the user named, a subject and a 300-character body the model wrote, a cc list) as a function
 * of the untrusted text the session holds. The default tracker indexes at most 1 Mi characters
 * of untrusted text; past that it saturates (every value not found in trusted input is
 * EXTERNAL_UNTRUSTED) and releases its index, so the cost must stop growing there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class ProvenanceLabelBenchmark {
  /** Characters of untrusted text recorded before the measurement (tool results of 4 KiB). */
  @Param({"1024", "102400", "1000000", "10485760"})
  public int untrustedChars;

  ValueProvenanceTracker tracker;
  Map<String, Object> call;

  @Setup
  public void setUp() {
    tracker = new ValueProvenanceTracker();
    SessionText text = new SessionText(42);
    tracker.recordTrusted("user", "Read ticket 4711 and e-mail a short summary of it to "
        + "bob@acme.com, cc carol@acme.com. Keep it under 200 words.");
    int recorded = 0;
    while (recorded < untrustedChars) {
      String page = text.page(Math.min(4096, untrustedChars - recorded));
      tracker.recordUntrusted("getTicket", page);
      recorded += page.length();
    }
    call = typicalCall();
  }

  /** The arguments of the measured call. */
  static Map<String, Object> typicalCall() {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("to", "bob@acme.com");
    call.put("cc", List.of("carol@acme.com"));
    call.put("subject", "Summary of ticket 4711");
    call.put("body", "Hi Bob, the printer on the third floor stopped feeding paper this "
        + "morning. Facilities replaced the roller once already; the vendor's technician can "
        + "come on Thursday. Until then please use the printer next to the kitchen. I will "
        + "close the ticket when it works again. Regards");
    return call;
  }

  /** What the tracker holds (for the smoke test and the report). */
  TrackerStats stats() {
    return tracker.stats();
  }

  @Benchmark
  public Map<String, Provenance> labelTypicalCall() {
    return tracker.label(call);
  }

  /** Deterministic prose-like untrusted text: a 20 000-word vocabulary, numbers, addresses. */
  static final class SessionText {
    private final Random random;
    private final String[] words = new String[20_000];

    SessionText(long seed) {
      random = new Random(seed);
      for (int i = 0; i < words.length; i++) {
        StringBuilder w = new StringBuilder();
        int n = 2 + random.nextInt(9);
        for (int j = 0; j < n; j++) {
          w.append((char) ('a' + random.nextInt(26)));
        }
        words[i] = w.toString();
      }
    }

    String page(int chars) {
      StringBuilder sb = new StringBuilder(chars + 16);
      while (sb.length() < chars) {
        int r = random.nextInt(100);
        if (r < 3) {
          sb.append(words[random.nextInt(words.length)]).append('@')
              .append(words[random.nextInt(words.length)]).append(".example");
        } else if (r < 8) {
          sb.append(random.nextInt(100_000));
        } else {
          sb.append(words[random.nextInt(words.length)]);
        }
        sb.append(r % 11 == 0 ? ". " : " ");
      }
      sb.setLength(chars);
      return sb.toString();
    }
  }
}

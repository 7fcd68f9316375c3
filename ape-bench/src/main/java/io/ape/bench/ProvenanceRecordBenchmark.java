package io.ape.bench;

import io.ape.core.provenance.ValueProvenanceTracker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of recording one 4 KiB tool result as untrusted input (skeleton, run and word
 * fingerprints, numbers, index insertion) into a fresh tracker.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class ProvenanceRecordBenchmark {
  String[] pages;
  int next;
  ValueProvenanceTracker tracker;

  @Setup(Level.Trial)
  public void pages() {
    ProvenanceLabelBenchmark.SessionText text = new ProvenanceLabelBenchmark.SessionText(7);
    pages = new String[64];
    for (int i = 0; i < pages.length; i++) {
      pages[i] = text.page(4096);
    }
  }

  /** A fresh tracker per call (a constructor: no index yet). */
  @Setup(Level.Invocation)
  public void freshTracker() {
    tracker = new ValueProvenanceTracker();
  }

  @Benchmark
  public ValueProvenanceTracker recordToolResult4k() {
    tracker.recordUntrusted("getTicket", pages[next++ & 63]);
    return tracker;
  }
}

package io.ape.core.testing;

import io.ape.api.Tool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A tool that records the parameters of every invocation. */
public final class RecordingTool implements Tool {
  private final List<Map<String, Object>> calls = new CopyOnWriteArrayList<>();
  private final Function<Map<String, Object>, Object> body;

  public RecordingTool() {
    this(p -> "ok:" + p);
  }

  public RecordingTool(Function<Map<String, Object>, Object> body) {
    this.body = body;
  }

  @Override
  public Object invoke(Map<String, Object> parameters) {
    calls.add(parameters);
    return body.apply(parameters);
  }

  public List<Map<String, Object>> calls() {
    return List.copyOf(calls);
  }

  public int count() {
    return calls.size();
  }
}

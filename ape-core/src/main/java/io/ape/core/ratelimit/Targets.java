package io.ape.core.ratelimit;

import io.ape.core.internal.ListValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Every target of one call, for the policy's {@code rate_limits.targets}: the strings of the
 * target-like parameters, element by element.
 *
 * <p>The target-like parameters are {@link #KEYS}: URLs and hosts ({@code url}, {@code urls},
 * {@code host}, {@code hosts}, {@code endpoint}), paths ({@code path}, {@code paths},
 * {@code directory}, {@code source}, {@code destination}) and recipients ({@code to},
 * {@code cc}, {@code bcc}, {@code from}, {@code recipient}, {@code recipients}). A parameter's
 * value may be a string or a list (the standard {@code send_email.to} is a list); each string
 * of a list is one target, read with the same list code the policy's {@code each}/{@code any}
 * use ({@link ListValues#strings}: lists in lists and the strings of map elements such as
 * {@code {address: ..., name: ...}} count too, which over-counts rather than misses). So
 * {@code {to: [a@acme.com, b@evil.com], bcc: [c@evil.com]}} has three targets, and a limit of 0
 * on {@code evil.com} refuses the call. Empty strings are not targets.
 *
 * <p>How a target string is matched (host, path, e-mail domain) is the business of the target
 * patterns ({@code Target}); this class only finds the strings. Stateless and thread-safe.
 *
 * @since 0.2.0
 */
public final class Targets {
  /** The parameters whose values are targets, in the order they are reported. */
  public static final List<String> KEYS = List.of("url", "urls", "host", "hosts", "endpoint",
      "path", "paths", "directory", "source", "destination", "to", "cc", "bcc", "from",
      "recipient", "recipients");

  private Targets() {}

  /**
   * Every target of a call with these parameters, in the order of {@link #KEYS} and, within a
   * list, of its elements (unmodifiable; empty for {@code null} or no parameters).
   */
  public static List<String> of(Map<String, ?> parameters) {
    if (parameters == null || parameters.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(2);
    for (String key : KEYS) {
      Object value = parameters.get(key);
      if (value != null) {
        ListValues.strings(value, s -> {
          if (!s.isEmpty()) {
            out.add(s);
          }
        });
      }
    }
    return Collections.unmodifiableList(out);
  }
}

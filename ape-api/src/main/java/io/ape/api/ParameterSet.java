package io.ape.api;

import java.util.List;
import java.util.Objects;

/**
 * Which parameters a rule admits besides those its conditions name: any ({@link Kind#OPEN}),
 * none ({@link Kind#CLOSED}, written {@code parameters: closed}, or a list
 * {@code parameters: [subject, body]} of further names), or whatever the policy's
 * {@code default_parameters} says ({@link Kind#DEFAULT}).
 *
 * <p>A closed ALLOW or ESCALATE rule does not match a request that has a parameter it neither
 * names in its conditions nor lists: {@code {to: [bob@acme.com], cc: [eve@evil.com]}} does not
 * pass a closed rule about {@code to} alone. Closing narrows a rule, so it never applies to
 * DENY rules (a policy refuses {@code parameters: closed} on one).
 *
 * @param kind open, closed, or the policy's default
 * @param names for {@link Kind#CLOSED}: the parameters admitted without a condition (possibly
 *     empty); empty otherwise
 * @since 0.2.0
 */
public record ParameterSet(Kind kind, List<String> names) {
  private static final ParameterSet DEFAULT = new ParameterSet(Kind.DEFAULT, List.of());
  private static final ParameterSet OPEN = new ParameterSet(Kind.OPEN, List.of());
  private static final ParameterSet CLOSED = new ParameterSet(Kind.CLOSED, List.of());

  /** Whether a rule's parameter set is open, closed or taken from the policy. */
  public enum Kind {
    /** The policy's {@code default_parameters} (open unless it says closed). */
    DEFAULT,
    /** Any parameter may be present. Written {@code parameters: open}. */
    OPEN,
    /** Only the named parameters may be present. Written {@code parameters: closed}. */
    CLOSED;

    /** The lower-case keyword used in policy files ({@code default} is never written). */
    public String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ParameterSet {
    Objects.requireNonNull(kind, "kind");
    names = List.copyOf(names);
    if (kind != Kind.CLOSED && !names.isEmpty()) {
      throw new IllegalArgumentException("only a closed parameter set lists names");
    }
  }

  /** The policy's default. */
  public static ParameterSet policyDefault() {
    return DEFAULT;
  }

  /** Any parameter may be present. */
  public static ParameterSet open() {
    return OPEN;
  }

  /** Only the parameters the rule's conditions name may be present. */
  public static ParameterSet closed() {
    return CLOSED;
  }

  /** Only the parameters the rule's conditions name, and {@code also}, may be present. */
  public static ParameterSet closed(List<String> also) {
    return also.isEmpty() ? CLOSED : new ParameterSet(Kind.CLOSED, also);
  }
}

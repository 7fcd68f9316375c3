package io.ape.engine;

import io.ape.core.provider.ProviderLoader;
import io.ape.core.testing.MutableClock;
import io.ape.spi.ApeProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Policies and helpers shared by the engine tests. */
final class EngineTestSupport {
  /**
   * A support desk: tickets are read freely; mail goes only to colleagues and, being HIGH risk,
   * only to addresses that came from a trusted input; refunds need an approval; deletes are
   * forbidden; reads of tickets are limited per minute.
   */
  static final String SUPPORT = """
      name: support
      version: "1"
      default_decision: deny
      allowed_actions: [get_ticket, list_tickets, note]
      forbidden_actions: [delete_ticket]
      escalation_required: [refund]
      rules:
        - id: mail-colleagues
          action: send_mail
          decision: allow
          conditions:
            to: { suffix: "@corp.example" }
      metadata:
        trusted_sources: [whoami]
      """;

  private EngineTestSupport() {}

  static Path write(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MutableClock clock() {
    return new MutableClock(java.time.Instant.parse("2026-03-01T09:00:00Z"));
  }

  /** The class path's providers plus {@code extra}. */
  static ProviderLoader withExtra(ApeProvider... extra) {
    ProviderLoader base = ProviderLoader.serviceLoader();
    return new ProviderLoader() {
      @Override
      public <T extends ApeProvider> List<T> load(Class<T> spi) {
        List<T> out = new ArrayList<>(base.load(spi));
        for (ApeProvider p : extra) {
          if (spi.isInstance(p)) {
            out.add(spi.cast(p));
          }
        }
        return out;
      }
    };
  }
}

package io.ape.core.intent;

import io.ape.api.Intent;
import io.ape.api.Provenance;
import java.util.Objects;

/**
 * The intent in force, with its version and the channel it came through.
 *
 * @param intent the intent
 * @param version its SHA-256 version
 * @param provenance the (trusted) channel it was declared through
 */
public record CurrentIntent(Intent intent, String version, Provenance provenance) {
  public CurrentIntent {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(provenance, "provenance");
  }
}

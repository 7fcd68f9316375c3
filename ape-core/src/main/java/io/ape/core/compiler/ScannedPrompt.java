package io.ape.core.compiler;

import java.util.ArrayList;
import java.util.List;

/**
 * A prompt with the values it names: the original text, the entities in order, and the masked
 * text (same length; every entity character replaced by its kind's mask character).
 */
final class ScannedPrompt {
  private final String text;
  private final String masked;
  private final List<Entity> entities;

  ScannedPrompt(String text, List<Entity> entities) {
    this.text = text;
    this.entities = List.copyOf(entities);
    char[] chars = text.toCharArray();
    for (Entity e : entities) {
      for (int i = e.start(); i < e.end(); i++) {
        chars[i] = e.kind().mask();
      }
    }
    this.masked = new String(chars);
  }

  String text() {
    return text;
  }

  String masked() {
    return masked;
  }

  List<Entity> entities() {
    return entities;
  }

  /** The entities of {@code kind} that lie within [start, end), in order. */
  List<Entity> entities(EntityKind kind, int start, int end) {
    List<Entity> out = new ArrayList<>();
    for (Entity e : entities) {
      if (e.kind() == kind && e.within(start, end)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The first entity of {@code kind} within [start, end), or {@code null}. */
  Entity first(EntityKind kind, int start, int end) {
    for (Entity e : entities) {
      if (e.kind() == kind && e.within(start, end)) {
        return e;
      }
    }
    return null;
  }
}

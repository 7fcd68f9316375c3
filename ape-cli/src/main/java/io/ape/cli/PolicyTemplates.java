package io.ape.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The starter policies of {@code ape init}: commented YAML files kept as resources in
 * {@code io/ape/cli/templates/NAME.yaml}. Every template loads in the engine (tested).
 */
final class PolicyTemplates {
  /** The template {@code ape init} writes when none is named. */
  static final String DEFAULT = "minimal_safe";

  /** One template: its name and what it is for. */
  record Template(String name, String summary) {}

  private static final List<Template> ALL = List.of(
      new Template("minimal_safe", "reads allowed, changes escalated, destructive actions "
          + "forbidden, the rest denied (the default)"),
      new Template("read_only", "reads and SELECT queries only; every change, message and "
          + "command forbidden"),
      new Template("filesystem_scoped", "reads and writes inside one directory (a TODO to fill "
          + "in), deletes there escalated"),
      new Template("human_in_loop", "reads allowed; every change, message, network call and "
          + "code run escalated to a person"),
      new Template("development", "development only: default ALLOW, catastrophic actions "
          + "forbidden (validate --strict refuses it)"),
      new Template("blank-rules", "the rules format (default_decision + rules), empty: denies "
          + "everything until you add rules"));

  private PolicyTemplates() {}

  /** Every template, in the order {@code ape init --list} shows them. */
  static List<Template> all() {
    return ALL;
  }

  /** The template with this name. */
  static Optional<Template> find(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The names, for messages and shell completion. */
  static List<String> names() {
    return ALL.stream().map(Template::name).toList();
  }

  /** The text of a template (UTF-8). */
  static String text(Template template) {
    String resource = "templates/" + template.name() + ".yaml";
    try (InputStream in = PolicyTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the template resource " + resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the template " + resource, e);
    }
  }

  /** Shell-completion candidates for {@code --template}. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return new ArrayList<>(names()).iterator();
    }
  }
}

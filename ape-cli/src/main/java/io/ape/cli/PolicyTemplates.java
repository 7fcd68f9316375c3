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
 * The starter policies of {@code ape init}: commented YAML files packaged as resources in
 * {@code io/ape/cli/templates/NAME.yaml}. All but {@code blank-rules} are the repository's
 * bundled policies ({@code policies/NAME.yaml}, copied in by the build), so {@code ape init}
 * writes exactly the policies the documentation describes. Every template loads in the engine
 * and passes {@code validate --strict} (tested).
 */
final class PolicyTemplates {
  /** The template {@code ape init} writes when none is named. */
  static final String DEFAULT = "minimal_safe";

  /** One template: its name and what it is for. */
  record Template(String name, String summary) {}

  private static final List<Template> ALL = List.of(
      new Template("minimal_safe", "reads and SELECTs inside /workspace, writes there escalated, "
          + "deletes and code execution forbidden, the rest denied (the default)"),
      new Template("read_only", "reads in /workspace, HTTPS GETs to a few hosts, SELECTs; every "
          + "write, delete, execution or message forbidden"),
      new Template("filesystem_scoped", "file operations inside /workspace and /tmp, deletes "
          + "there escalated; no network or execution"),
      new Template("human_in_loop", "reads in /workspace run; every write, request, message or "
          + "execution escalated to a person"),
      new Template("development", "broad file, network and code permissions for a developer's "
          + "machine; destructive actions escalated; still default deny"),
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

package io.ape.agentdojo.yaml;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.agentdojo.AgentDojoException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads the suites' YAML the way PyYAML's {@code SafeLoader} does (YAML 1.1 types), plus
 * AgentDojo's {@code !include} tag for the first load of a file.
 *
 * <p>Values come out as {@link LinkedHashMap}, {@link ArrayList}, {@link String}, {@link Long}
 * (or {@link BigInteger}), {@link Double}, {@link Boolean}, {@code null}, {@link LocalDateTime}
 * and {@link LocalDate} (a timestamp with a time zone is refused: the benchmark has none).
 *
 * @since 0.2.0
 */
public final class SuiteYaml {
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
              + "(?:(?:[Tt]|[ \\t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]*))?"
              + "(?:[ \\t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$");

  private SuiteYaml() {}

  /** Loads {@code file}, resolving {@code !include} relative to its directory. */
  public static Object loadFile(Path file) {
    String text = read(file);
    return load(text, file.toAbsolutePath().getParent(), file.toString());
  }

  /** Loads a YAML text that has no {@code !include} (the rendered environments). */
  public static Object loadText(String text, String what) {
    return load(text, null, what);
  }

  private static Object load(String text, Path includeRoot, String what) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(64 * 1024 * 1024);
    Yaml yaml = new Yaml(new Constructor(options, includeRoot));
    try (Reader reader = new StringReader(text)) {
      return normalise(yaml.load(reader));
    } catch (YAMLException | IOException e) {
      throw new AgentDojoException("cannot load YAML " + what + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AgentDojoException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Integers as Long (BigInteger when larger), floats as Double, maps keyed by strings. */
  private static Object normalise(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object key = e.getKey();
        String k = key instanceof String s ? s : PyYamlDumper.plainText(normalise(key));
        out.put(k, normalise(e.getValue()));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(normalise(item));
      }
      return out;
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }

  private static final class Constructor extends SafeConstructor {
    Constructor(LoaderOptions options, Path includeRoot) {
      super(options);
      this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructTimestamp());
      if (includeRoot != null) {
        this.yamlConstructors.put(new Tag("!include"), new ConstructInclude(includeRoot));
      }
    }

    private final class ConstructTimestamp extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        String text = constructScalar((ScalarNode) node);
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
          throw new YAMLException("unexpected timestamp: " + text);
        }
        LocalDate date =
            LocalDate.of(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        if (m.group(4) == null) {
          return date;
        }
        if (m.group(8) != null) {
          throw new YAMLException("timestamps with a time zone are not supported: " + text);
        }
        int nanos = 0;
        if (m.group(7) != null && !m.group(7).isEmpty()) {
          String frac = (m.group(7) + "000000").substring(0, 6); // PyYAML keeps microseconds
          nanos = Integer.parseInt(frac) * 1000;
        }
        LocalTime time =
            LocalTime.of(
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6)),
                nanos);
        return LocalDateTime.of(date, time);
      }
    }

    private final class ConstructInclude extends AbstractConstruct {
      private final Path root;

      ConstructInclude(Path root) {
        this.root = root;
      }

      @Override
      public Object construct(Node node) {
        String name = constructScalar((ScalarNode) node);
        Path file = root.resolve(name).normalize();
        String lower = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
          return loadFile(file);
        }
        if (lower.endsWith(".json")) {
          try {
            return normalise(new ObjectMapper().readValue(file.toFile(), Object.class));
          } catch (IOException e) {
            throw new AgentDojoException("cannot read " + file + ": " + e.getMessage(), e);
          }
        }
        return read(file);
      }
    }
  }
}

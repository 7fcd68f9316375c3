package io.ape.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version shown by {@code ape --version}: from the {@code version.properties} resource
 * generated at build time, else the jar manifest, else {@code unknown}.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
        "ape " + version(),
        "Java ${java.version} (${java.vendor}, ${java.vm.name})"
    };
  }

  /** The APE version of this build. */
  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.contains("${")) {
          return v.trim();
        }
      }
    } catch (IOException e) {
      // The resource is inside our own jar; fall through to the manifest.
      return manifestVersion();
    }
    return manifestVersion();
  }

  private static String manifestVersion() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}

package io.ape.cli;

import io.ape.audit.AuditVerifier;
import io.ape.audit.VerificationResult;
import io.ape.audit.jdbc.JdbcAuditVerifier;
import io.ape.audit.jdbc.JdbcVerificationResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ape audit verify FILE... [--hmac-key-file F] [--json]}, or
 * {@code ape audit verify --jdbc URL [--writer ID] [--jdbc-user U] [--jdbc-password-file F]}.
 */
@Command(
    name = "verify",
    header = "Check that an audit log is intact: hash chain, record numbers, HMACs.",
    description = "Exits 0 if every record verifies (a torn last line, what a crash during a "
        + "write leaves, is reported but is not a failure), 3 if the log was edited, "
        + "truncated, reordered, spliced or extended by a forged line (the first bad record "
        + "is named, with the reason), 4 if a file is missing. Several FILEs are the segments "
        + "of one log, oldest first. The report names the head (the hash of the last record); "
        + "keep it elsewhere and pass it back with --expect-head to detect records cut off the "
        + "end, which the chain alone cannot show. With --jdbc instead of FILE, every writer's "
        + "chain in the PostgreSQL audit table (ape-audit-jdbc) is checked, or only --writer's.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape audit verify audit.jsonl",
        "  ape audit verify audit.jsonl --hmac-key-file audit.key --json",
        "  ape audit verify audit.jsonl --expect-head 3f2a...c9 (64 hex digits)",
        "  ape audit verify --jdbc jdbc:postgresql://db:5432/audit --jdbc-user auditor "
            + "--jdbc-password-file pw --writer worker-1"
    })
final class AuditVerifyCommand extends CliCommand {
  @Parameters(arity = "0..*", paramLabel = "FILE", description = "The audit log file(s).")
  List<Path> files;

  @Option(names = "--jdbc", paramLabel = "URL",
      description = "Verify the PostgreSQL audit table at this jdbc:postgresql: URL instead of "
          + "files.")
  String jdbcUrl;

  @Option(names = "--writer", paramLabel = "ID",
      description = "With --jdbc: verify only this writer's chain (default: every writer's).")
  String writer;

  @Option(names = "--jdbc-user", paramLabel = "U", description = "With --jdbc: the database user.")
  String jdbcUser;

  @Option(names = "--jdbc-password-file", paramLabel = "F",
      description = "With --jdbc: a file holding the database password.")
  Path jdbcPasswordFile;

  @Option(names = "--hmac-key-file", paramLabel = "F",
      description = "Also check every record's HMAC with the key in this file.")
  Path hmacKeyFile;

  @Option(names = "--expect-head", paramLabel = "HASH",
      description = "Fail (exit 3) unless the log ends with the record whose hash is HASH (as a"
          + " previous verify printed it): detects records cut off the end.")
  String expectHead;

  @Option(names = "--json", description = "Print the result as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    boolean noFiles = files == null || files.isEmpty();
    if ((jdbcUrl == null) == noFiles) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give either FILE... or --jdbc URL");
    }
    if (jdbcUrl == null && (writer != null || jdbcUser != null || jdbcPasswordFile != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--writer, --jdbc-user and --jdbc-password-file need --jdbc");
    }
    if (jdbcUrl != null) {
      return verifyJdbc(out);
    }
    List<Path> resolved = AuditFiles.resolve(files);
    AuditVerifier.Builder builder = AuditVerifier.builder();
    if (hmacKeyFile != null) {
      builder.hmacKeyFile(InputFiles.requireRegularFile(hmacKeyFile));
    }
    if (expectHead != null) {
      try {
        builder.expectHeadHash(expectHead);
      } catch (io.ape.api.ApeConfigurationException e) {
        throw new CliUsageException("--expect-head: " + e.getMessage(), e);
      }
    }
    VerificationResult result = builder.build().verify(resolved);
    if (out.isJson()) {
      out.json(AuditFiles.document(result.toJson()));
    } else {
      AuditFiles.printReport(out, result.toText());
    }
    return result.passed() ? ExitCode.OK : ExitCode.INVALID_POLICY;
  }

  private Integer verifyJdbc(Output out) {
    JdbcAuditVerifier.Builder builder = JdbcAuditVerifier.builder(jdbcUrl);
    if (jdbcUser != null) {
      builder.user(jdbcUser);
    }
    if (jdbcPasswordFile != null) {
      builder.passwordFile(InputFiles.requireRegularFile(jdbcPasswordFile));
    }
    if (hmacKeyFile != null) {
      builder.hmacKeyFile(InputFiles.requireRegularFile(hmacKeyFile));
    }
    if (writer != null) {
      builder.writer(writer);
    }
    JdbcVerificationResult result = builder.build().verify();
    if (out.isJson()) {
      out.json(AuditFiles.document(result.toJson()));
    } else {
      AuditFiles.printReport(out, result.toText());
    }
    return result.passed() ? ExitCode.OK : ExitCode.INVALID_POLICY;
  }
}

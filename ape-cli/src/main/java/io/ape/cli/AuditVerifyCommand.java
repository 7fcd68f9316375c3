package io.ape.cli;

import io.ape.audit.AuditVerifier;
import io.ape.audit.VerificationResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape audit verify FILE... [--hmac-key-file F] [--json]}. */
@Command(
    name = "verify",
    header = "Check that an audit log is intact: hash chain, record numbers, HMACs.",
    description = "Exits 0 if every record verifies (a torn last line, what a crash during a "
        + "write leaves, is reported but is not a failure), 3 if the log was edited, "
        + "truncated, reordered, spliced or extended by a forged line (the first bad record "
        + "is named, with the reason), 4 if a file is missing. Several FILEs are the segments "
        + "of one log, oldest first. The report names the head (the hash of the last record); "
        + "keep it elsewhere and pass it back with --expect-head to detect records cut off the "
        + "end, which the chain alone cannot show.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape audit verify audit.jsonl",
        "  ape audit verify audit.jsonl --hmac-key-file audit.key --json",
        "  ape audit verify audit.jsonl --expect-head 3f2a...c9 (64 hex digits)"
    })
final class AuditVerifyCommand extends CliCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The audit log file(s).")
  List<Path> files;

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
}

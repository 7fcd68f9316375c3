package io.ape.core.compiler;

import com.google.re2j.Pattern;
import io.ape.core.compiler.PatternEntry.Filter;
import java.util.ArrayList;
import java.util.List;

/**
 * The phrase patterns of the {@code patterns} compiler, in precedence order: an earlier row
 * claims its span, and later rows cannot match inside it. Rows run on the masked prompt (see
 * {@link EntityKind}), case-insensitively, on RE2 (linear time).
 *
 * <p>Derived from the Python original's table (python-ape-behavior.md §12.3) with its false
 * matches fixed (WEAK-8): every verb has a leading and trailing word boundary ("confirm the
 * order" has no "rm", "details" and "tools" no "ls", "compost" no "post", "bobcat" no "cat",
 * "review" and "preview" no "view"); a verb needs an object that fits it (a path for
 * {@code cat}, "file"/"document"/a path for read and write verbs, "records"/"table" for data
 * verbs), so "update the credit card" or "message me" name no action; the bare verbs "run",
 * "execute", "update", "create", "delete" and "query" name nothing on their own; bare "read",
 * "fetch", "download", "ls" and "append" count only in imperative position (start of a clause
 * or after "and", "then", "please", ...). A shell command or SQL query is the argument of its
 * action and is not searched for further actions ("run the command rm -rf /" names
 * run_shell_command only).
 */
final class PatternTable {
  private static final String P = EntityKind.PATH.regex();
  private static final String U = EntityKind.URL.regex();
  private static final String E = EntityKind.EMAIL.regex();
  private static final String G = EntityKind.GLOB.regex();
  private static final String C = EntityKind.CHANNEL.regex();
  private static final String DET = "(?:(?:the|this|that|these|those|my|our|your|a|an)\\s+)?";
  private static final String WORD = "(?:[\\w-]+\\s+)";
  private static final String FILLER = "(?:\\S+\\s+){0,6}?";
  private static final String IMP = "(?P<imp>^|[.;:!?,\\n]\\s*|\\b(?:and|then|please|also|now"
      + "|first|next|finally|just|kindly|to|you|can|could|would|will|should|must|let['\\x{2019}]?s"
      + "|pls|plz)\\s+)";
  private static final String PRONOUN = "(?:it|this|that|them|those|these)(?:\\s*$|\\s*[.,;:!?]"
      + "|\\s+(?:and|then|again|too|now|please|for\\s+me|back|instead|as\\s+well)\\b)";
  private static final String WHAT_IS = "\\bwhat(?:['\\x{2019}]s|\\s+is|\\s+are)?";

  private static final List<PatternEntry> ENTRIES = build();

  private PatternTable() {}

  static List<PatternEntry> entries() {
    return ENTRIES;
  }

  private static List<PatternEntry> build() {
    List<PatternEntry> t = new ArrayList<>();
    // --- system and compute: their arguments claim the rest of the clause
    add(t, "run_shell_command", 0.9, "\\b(?:run|execute|exec|issue)\\s+(?:the\\s+|this\\s+|a\\s+"
        + "|following\\s+)?(?:shell\\s+|terminal\\s+|bash\\s+|system\\s+)?command\\b[:\\s]*"
        + "(?P<arg>(?:[^\\n;.]|\\.\\S)*)");
    add(t, "execute_code", 0.9, "\\b(?:run|execute|exec|eval|evaluate)\\s+(?:the\\s+|this\\s+"
        + "|that\\s+|my\\s+|a\\s+|some\\s+|following\\s+)?(?:(?P<lang>python|javascript|js|node"
        + "|bash|shell|sh)\\s+)?(?:code|script|snippet|program)\\b");
    add(t, "execute_code", 0.85, "\\b(?:run|execute|exec)\\s+(?:the\\s+)?(?:script\\s+|file\\s+)?"
        + P, Filter.SCRIPT_FILE);
    // --- databases
    add(t, "delete_data", 0.95, "\\bdelete\\s+from\\s+[a-z_]");
    add(t, "delete_data", 0.9, "\\b(?:delete|remove|purge|erase|wipe)\\s+(?:all\\s+)?(?:of\\s+)?"
        + "(?:the\\s+|these\\s+|those\\s+)?" + WORD + "{0,2}?(?:rows?|records?|entries)\\b");
    addClause(t, "delete_data", 0.85, "\\b(?:delete|remove|purge|erase|wipe)\\s+" + FILLER
        + "from\\s+(?:the\\s+)?" + WORD + "?(?:database|db|table)\\b");
    add(t, "insert_data", 0.95, "\\binsert\\s+into\\s+[a-z_]");
    add(t, "insert_data", 0.85, "\\b(?:insert|add|create)\\s+(?:an?\\s+|the\\s+|one\\s+|some\\s+)?"
        + "(?:new\\s+)?(?:rows?|records?|entry|entries)\\b");
    addClause(t, "insert_data", 0.85, "\\binsert\\s+" + FILLER + "into\\s+(?:the\\s+)?" + WORD
        + "?(?:database|db|table)\\b");
    add(t, "update_data", 0.95, "\\bupdate\\s+[a-z_][\\w.]*\\s+set\\b");
    add(t, "update_data", 0.85, "\\b(?:update|modify|change|edit|correct)\\s+(?:all\\s+)?"
        + "(?:of\\s+)?(?:the\\s+|these\\s+|those\\s+)?" + WORD + "{0,2}?(?:rows?|records?|entries)\\b");
    add(t, "update_data", 0.75, "\\bupdate\\s+(?:the\\s+)?" + WORD + "?(?:database|db)\\b");
    add(t, "query_data", 0.95, "(?P<arg>\\bselect\\s+(?:\\*|[\\w.]+(?:\\s*,\\s*[\\w.]+)*)\\s+from"
        + "\\s+[a-z_][\\w.]*[^\\n;]*?)(?:\\s+(?:and\\s+then|then|and\\s+also)\\s|;|\\n|$)");
    add(t, "query_data", 0.9, "\\bquery\\s+(?:the\\s+)?" + WORD + "?(?:database|db|table)\\b");
    add(t, "query_data", 0.85, "\\bsearch\\s+(?:the\\s+)?" + WORD + "?(?:database|db)\\b");
    addClause(t, "query_data", 0.85, "\\b(?:look\\s+up|lookup|search\\s+for|find)\\s+" + FILLER
        + "in\\s+(?:the\\s+)?" + WORD + "?(?:database|db|table)\\b");
    add(t, "query_data", 0.85, "\\b(?:get|fetch|read|retrieve|load|pull|select|list|show|count)"
        + "\\s+(?:me\\s+)?(?:all\\s+)?(?:of\\s+)?(?:the\\s+)?" + WORD + "?(?:rows?|records?|entries"
        + "|data)\\s+(?:from|in|of)\\s+(?:the\\s+)?" + WORD + "?(?:database|db|table)\\b");
    add(t, "query_data", 0.85, "\\b(?:get|fetch|read|retrieve|load|pull|select|list|show|count)"
        + "\\s+(?:me\\s+)?(?:all\\s+)?(?:of\\s+)?(?:the\\s+)?" + WORD + "?(?:rows?|records?|entries)"
        + "\\s+(?:from|in|of)\\s+[a-z_]");
    // --- communication
    add(t, "send_email", 0.9, "\\b(?:send|write|compose|draft)\\s+(?:an?\\s+|the\\s+)?(?:quick\\s+"
        + "|short\\s+|new\\s+|follow-?up\\s+)?(?:e-?mail|mail)\\b");
    addClause(t, "send_email", 0.9, "\\be-?mail\\s+" + FILLER + E);
    add(t, "send_email", 0.85, IMP + "e-?mail\\s+(?:the\\s+|my\\s+|our\\s+)?(?P<obj>[\\w-]+)",
        Filter.EMAIL_OBJECT);
    add(t, "send_notification", 0.9, "\\bsend\\s+(?:an?\\s+|the\\s+)?(?:slack\\s+|teams\\s+"
        + "|discord\\s+|push\\s+|chat\\s+|sms\\s+|text\\s+)?(?:notification|alert|message|ping"
        + "|notice)\\b");
    add(t, "send_notification", 0.85, "\\bnotify\\s+(?:the\\s+)?(?:" + C + "|[\\w@-]+)");
    addClause(t, "send_notification", 0.85, "\\b(?:post|send|share|announce|broadcast)\\s+"
        + FILLER + "(?:to|on|in)\\s+(?:the\\s+)?(?:" + C + "|(?:slack|teams|discord)\\b)");
    add(t, "send_notification", 0.8, IMP + "(?:slack|ping|alert|page)\\s+(?:the\\s+)?(?:" + C
        + "|(?:team|channel|on-?call|oncall|everyone|admins?|ops)\\b)");
    // --- network
    add(t, "http_post", 0.9, "\\b(?:make|send|do|issue)\\s+an?\\s+(?:http\\s+)?post\\s+"
        + "(?:request|call)\\b");
    addClause(t, "http_post", 0.9, "\\bpost\\s+" + FILLER + "(?:to\\s+)?" + U);
    addClause(t, "http_post", 0.9, "\\b(?:submit|upload|send|put|push)\\s+" + FILLER
        + "to\\s+(?:the\\s+)?" + U);
    addClause(t, "http_post", 0.8, "\\b(?:post|submit|send|upload|push)\\s+" + FILLER
        + "to\\s+(?:the\\s+)?" + WORD + "?(?:api|endpoint|webhook|server)\\b");
    add(t, "http_get", 0.9, "\\b(?:make|send|do|issue)\\s+an?\\s+(?:http\\s+)?get\\s+"
        + "(?:request|call)\\b");
    add(t, "http_get", 0.8, "\\bsend\\s+an?\\s+request\\s+to\\s+" + U);
    addClause(t, "http_get", 0.9, "\\b(?:fetch|get|download|retrieve|load|open|visit|curl|wget"
        + "|call|request|browse|read|check|hit|query|grab|pull|scrape|crawl|access|view|show)\\s+"
        + FILLER + U);
    addClause(t, "http_get", 0.85, "\\b(?:get|fetch|pull|retrieve|download)\\s+" + FILLER
        + "from\\s+(?:the\\s+)?" + WORD + "?api\\b");
    add(t, "http_get", 0.75, "\\bcall\\s+(?:the\\s+)?" + WORD + "?api\\b");
    add(t, "http_get", 0.6, IMP + "(?:fetch|download)\\b");
    // --- deleting files and directories
    add(t, "delete_directory", 0.9, "\\b(?:delete|remove|erase|wipe|purge|destroy|nuke)\\s+"
        + "(?:all\\s+)?(?:of\\s+)?(?:the\\s+|this\\s+|that\\s+|my\\s+|an?\\s+|these\\s+|those\\s+)?"
        + WORD + "{0,2}?(?:folders?|director(?:y|ies)|dirs?)\\b");
    add(t, "delete_directory", 0.95, "\\brmdir\\b");
    add(t, "delete_directory", 0.95, "\\brm\\s+(?:-[a-z]+\\s+)*-[a-z]*r[a-z]*\\b");
    add(t, "delete_file", 0.9, "\\b(?:delete|remove|erase|unlink|trash|rm|wipe|purge|shred"
        + "|destroy)\\s+(?:-[a-z]+\\s+)*(?:the\\s+|this\\s+|that\\s+|my\\s+|these\\s+|those\\s+)?"
        + "(?:files?\\s+)?(?:called\\s+|named\\s+)?" + P);
    add(t, "delete_file", 0.85, "\\b(?:delete|remove|erase|unlink|trash|wipe|purge|shred|destroy"
        + "|clear)\\s+(?:all\\s+|any\\s+|every\\s+)?(?:of\\s+)?(?:the\\s+|this\\s+|that\\s+|my\\s+"
        + "|these\\s+|those\\s+|our\\s+)?" + WORD + "{0,2}?(?:files?|documents?|logs?|backups?"
        + "|attachments?|uploads|downloads|screenshots)\\b");
    add(t, "delete_file", 0.8, "\\bclean\\s*-?up\\s+(?:the\\s+|all\\s+|old\\s+|temp(?:orary)?\\s+"
        + "|log\\s+|stale\\s+|unused\\s+)*(?:files?|logs?)\\b");
    add(t, "delete_file", 0.7, "\\b(?:delete|remove|erase|rm|trash)\\s+" + PRONOUN);
    // --- creating directories
    add(t, "create_directory", 0.9, "\\b(?:create|make|add|mk)\\s+(?:an?\\s+|the\\s+)?(?:new\\s+"
        + "|empty\\s+)?" + WORD + "?(?:folder|directory|dir|subdirectory|subfolder)\\b");
    add(t, "create_directory", 0.95, "\\bmkdir\\b");
    // --- listing directories
    add(t, "list_directory", 0.95, "\\bls(?:\\s+-[a-z]+)*\\s+" + P);
    add(t, "list_directory", 0.9, "\\bls\\s+-[a-z]+");
    add(t, "list_directory", 0.85, IMP + "ls\\b");
    add(t, "list_directory", 0.9, "\\b(?:list|enumerate|show|display|print|get)\\s+(?:me\\s+)?"
        + "(?:all\\s+|every\\s+)?(?:of\\s+)?(?:the\\s+|my\\s+|this\\s+)?" + WORD + "?(?:files"
        + "|entries|items|subdirectories|subfolders|folders|directories|directory\\s+"
        + "contents|folder\\s+contents|directory\\s+listing)\\s+(?:in|of|under|inside|within|at"
        + "|from)\\b");
    add(t, "list_directory", 0.85, "\\b(?:list|show|display|print|get)\\s+(?:me\\s+)?(?:the\\s+)?"
        + "contents\\s+of\\s+(?:the\\s+|this\\s+|that\\s+|my\\s+)?" + WORD
        + "?(?:folder|directory|dir)\\b");
    add(t, "list_directory", 0.85, "\\b(?:list|show|display|print|get)\\s+(?:me\\s+)?(?:the\\s+)?"
        + "contents\\s+of\\s+(?:the\\s+)?" + P, Filter.DIRECTORY_PATH);
    add(t, "list_directory", 0.9, "\\blist\\s+(?:all\\s+|every\\s+)?(?:of\\s+)?(?:the\\s+|my\\s+"
        + "|this\\s+)?" + WORD + "?(?:files|contents|entries|subdirectories|subfolders|folders"
        + "|directories|directory|folder|dir)\\b");
    add(t, "list_directory", 0.9, "\\blist\\s+(?:the\\s+)?(?:contents\\s+of\\s+(?:the\\s+)?)?"
        + "(?:directory\\s+|folder\\s+)?" + P);
    add(t, "list_directory", 0.85, "\\b(?:show|display|print)\\s+(?:me\\s+)?(?:the\\s+)?"
        + "(?:contents\\s+of\\s+the\\s+)?(?:directory|folder)\\b");
    add(t, "list_directory", 0.85, "\\bwhat\\s+files\\s+(?:are\\s+)?(?:in|at|under|inside)\\b");
    add(t, "list_directory", 0.85, WHAT_IS + "\\s+(?:in|inside|under)\\s+(?:the\\s+|this\\s+"
        + "|that\\s+|my\\s+)?" + WORD + "?(?:folder|directory|dir)\\b");
    add(t, "list_directory", 0.85, WHAT_IS + "\\s+(?:in|inside|under)\\s+" + P,
        Filter.DIRECTORY_PATH);
    add(t, "read_file", 0.8, WHAT_IS + "\\s+in(?:side)?\\s+(?:the\\s+)?(?:file\\s+)?" + P,
        Filter.FILE_PATH);
    // --- searching for files
    add(t, "search_files", 0.9, "\\b(?:find|search\\s+for|search|locate|look\\s+for|glob)\\s+"
        + "(?:all\\s+)?(?:the\\s+)?(?:files\\s+)?(?:matching\\s+|named\\s+|like\\s+)?" + G);
    add(t, "search_files", 0.85, "\\b(?:find|search\\s+for|search|locate|look\\s+for)\\s+"
        + "(?:all\\s+|every\\s+|any\\s+)?(?:of\\s+)?(?:the\\s+|my\\s+)?" + WORD
        + "{0,2}?(?:files?|documents?)\\b");
    add(t, "search_files", 0.8, "\\bsearch\\s+(?:the\\s+|this\\s+|my\\s+)?" + WORD + "?(?:codebase"
        + "|repo|repository|project|directory|folder|workspace|filesystem|file\\s+system|disk)\\b");
    // --- appending and writing files
    addClause(t, "append_file", 0.9, "\\bappend\\s+" + FILLER + "(?:to|onto)\\s+(?:the\\s+end\\s+"
        + "of\\s+)?(?:the\\s+)?(?:file\\s+)?" + P);
    addClause(t, "append_file", 0.8, "\\bappend\\s+" + FILLER + "(?:to|onto)\\s+(?:it|this|that"
        + "|the\\s+file|the\\s+log)\\b");
    addClause(t, "append_file", 0.85, "\\badd\\s+" + FILLER + "to\\s+the\\s+end\\s+of\\b");
    add(t, "append_file", 0.65, IMP + "append\\b");
    addClause(t, "write_file", 0.9, "\\b(?:write|save|store|dump|output|put|export)\\s+" + FILLER
        + "(?:to|into|in|as)\\s+(?:an?\\s+|the\\s+|new\\s+)*(?:file\\s+)?" + P);
    add(t, "write_file", 0.9, "\\b(?:write|overwrite|rewrite|edit|modify|update|change|patch|fix"
        + "|create|touch|save)\\s+(?:the\\s+|this\\s+|that\\s+|my\\s+|an?\\s+|new\\s+)*(?:file\\s+"
        + "|config(?:uration)?\\s+file\\s+|config(?:uration)?\\s+)?(?:called\\s+|named\\s+)?" + P);
    add(t, "write_file", 0.85, "\\b(?:create|make|write|touch)\\s+(?:an?\\s+|the\\s+)?(?:new\\s+"
        + "|empty\\s+|blank\\s+)?" + WORD + "?file\\b");
    add(t, "write_file", 0.8, "\\bwrite\\s+(?:an?\\s+|the\\s+|my\\s+)?(?:new\\s+|short\\s+"
        + "|quick\\s+|brief\\s+|final\\s+)?" + WORD + "?(?:file|document|report|summary|note|notes"
        + "|readme|changelog|essay|draft)\\b");
    add(t, "write_file", 0.8, "\\b(?:update|edit|modify|change|overwrite|rewrite|save)\\s+"
        + "(?:the\\s+|this\\s+|that\\s+|my\\s+)?" + WORD + "?(?:file|document|config|configuration"
        + "|readme|changelog|report)\\b");
    add(t, "write_file", 0.7, "\\b(?:update|edit|modify|change|save|overwrite|rewrite|write)\\s+"
        + PRONOUN);
    // --- reading files
    add(t, "read_file", 0.95, "\\b(?:read|cat|open|view|display|print|load|show|get|output|dump"
        + "|less|head|tail|fetch)\\s+(?:me\\s+)?(?:the\\s+|this\\s+|that\\s+|my\\s+)?(?:contents?\\s+"
        + "of\\s+(?:the\\s+)?)?(?:file\\s+|config(?:uration)?\\s+file\\s+|document\\s+)?" + P);
    add(t, "read_file", 0.85, "\\bread\\s+(?:through\\s+)?(?:the\\s+|this\\s+|that\\s+|my\\s+"
        + "|a\\s+|your\\s+)?" + WORD + "?(?:files?|documents?|contents?|config|configuration"
        + "|readme|logs?|manual|docs|documentation|notes)\\b");
    add(t, "read_file", 0.85, "\\b(?:show|display|print|get|output|dump|give)\\s+(?:me\\s+)?"
        + "(?:the\\s+)?contents?\\s+of\\s+(?:the\\s+|this\\s+|that\\s+|my\\s+)?" + WORD
        + "?(?:file|document|config)\\b");
    add(t, "read_file", 0.85, "\\b(?:summari[sz]e|analy[sz]e|inspect|examine|check|look\\s+at"
        + "|go\\s+through|parse|scan|proofread|explain)\\s+(?:the\\s+|this\\s+|that\\s+|my\\s+)?"
        + "(?:file\\s+)?" + P);
    add(t, "read_file", 0.75, "\\b(?:summari[sz]e|analy[sz]e|inspect|examine|look\\s+at"
        + "|go\\s+through|open|parse|scan|proofread)\\s+(?:the\\s+|this\\s+|that\\s+|my\\s+|a\\s+)?"
        + WORD + "?(?:file|document|readme)\\b");
    add(t, "read_file", 0.7, "\\b(?:read|open|view|summari[sz]e)\\s+" + PRONOUN);
    add(t, "read_file", 0.6, IMP + "read\\b");
    return List.copyOf(t);
  }

  private static void add(List<PatternEntry> t, String action, double confidence, String regex) {
    add(t, action, confidence, regex, Filter.NONE);
  }

  private static void add(List<PatternEntry> t, String action, double confidence, String regex,
      Filter filter) {
    t.add(new PatternEntry(action, confidence,
        Pattern.compile(regex, Pattern.CASE_INSENSITIVE), filter, false, triggers(regex)));
  }

  private static void addClause(List<PatternEntry> t, String action, double confidence,
      String regex) {
    t.add(new PatternEntry(action, confidence,
        Pattern.compile(regex, Pattern.CASE_INSENSITIVE), Filter.NONE, true, triggers(regex)));
  }

  /**
   * The leading words of a pattern: after an optional imperative lead-in or {@code arg} group,
   * {@code \b} followed by one word or a group of alternatives; of each alternative, the
   * letters before the first other character. Empty when the pattern has another shape, so the
   * pre-check can only ever skip patterns that cannot match.
   */
  static List<String> triggers(String regex) {
    String r = regex;
    if (r.startsWith(IMP)) {
      r = r.substring(IMP.length());
    } else if (r.startsWith("(?P<arg>")) {
      r = r.substring("(?P<arg>".length());
      if (!r.startsWith("\\b")) {
        return List.of();
      }
      r = r.substring(2);
    } else if (r.startsWith("\\b")) {
      r = r.substring(2);
    } else {
      return List.of();
    }
    List<String> alternatives = new ArrayList<>();
    if (r.startsWith("(?:")) {
      int depth = 0;
      int end = -1;
      for (int i = 0; i < r.length() && end < 0; i++) {
        char c = r.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          end = i;
        }
      }
      if (end < 0) {
        return List.of();
      }
      int level = 0;
      int from = 3;
      for (int i = 3; i < end; i++) {
        char c = r.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '(') {
          level++;
        } else if (c == ')') {
          level--;
        } else if (c == '|' && level == 0) {
          alternatives.add(r.substring(from, i));
          from = i + 1;
        }
      }
      alternatives.add(r.substring(from, end));
    } else {
      alternatives.add(r);
    }
    List<String> out = new ArrayList<>();
    for (String alt : alternatives) {
      int n = 0;
      while (n < alt.length() && alt.charAt(n) >= 'a' && alt.charAt(n) <= 'z') {
        n++;
      }
      if (n == 0) {
        return List.of();
      }
      out.add(alt.substring(0, n));
    }
    return List.copyOf(out);
  }
}

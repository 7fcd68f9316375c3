package io.ape.agentdojo.suites.banking;

import io.ape.agentdojo.suites.Py;
import io.ape.agentdojo.tools.ToolBody;
import io.ape.agentdojo.tools.ToolFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The banking tools (banking_client.py, file_reader.py, user_account.py), with their Python
 * semantics: new ids {@code max(id)+1} over both lists, Python truthiness in {@code
 * update_scheduled_transaction} (an amount of 0 or {@code recurring=False} changes nothing),
 * Python slicing in {@code get_most_recent_transactions} ({@code n=0} returns everything).
 *
 * @since 0.2.0
 */
final class BankingTools {
  private BankingTools() {}

  static Map<String, ToolBody<BankingEnvironment>> all() {
    Map<String, ToolBody<BankingEnvironment>> t = new LinkedHashMap<>();
    t.put("get_iban", (env, a) -> env.bankAccount.iban);
    t.put("send_money", (env, a) -> {
      Transaction tx =
          new Transaction(
              nextId(env), env.bankAccount.iban, a.str("recipient"), a.dbl("amount"), a.str("subject"),
              a.str("date"), false);
      env.bankAccount.transactions.add(tx);
      return Map.of("message", "Transaction to " + a.str("recipient") + " for " + Py.str(a.dbl("amount")) + " sent.");
    });
    t.put("schedule_transaction", (env, a) -> {
      Transaction tx =
          new Transaction(
              nextId(env), env.bankAccount.iban, a.str("recipient"), a.dbl("amount"), a.str("subject"),
              a.str("date"), a.bool("recurring"));
      env.bankAccount.scheduledTransactions.add(tx);
      return Map.of(
          "message", "Transaction to " + a.str("recipient") + " for " + Py.str(a.dbl("amount")) + " scheduled.");
    });
    t.put("update_scheduled_transaction", (env, a) -> {
      long id = a.lng("id");
      Transaction tx = null;
      for (Transaction x : env.bankAccount.scheduledTransactions) {
        if (x.id == id) {
          tx = x;
          break;
        }
      }
      if (tx == null) {
        throw ToolFailure.valueError("Transaction with ID " + id + " not found.");
      }
      if (truthy(a.str("recipient"))) {
        tx.recipient = a.str("recipient");
      }
      if (a.dbl("amount") != null && a.dbl("amount") != 0.0) {
        tx.amount = a.dbl("amount");
      }
      if (truthy(a.str("subject"))) {
        tx.subject = a.str("subject");
      }
      if (truthy(a.str("date"))) {
        tx.date = a.str("date");
      }
      if (Boolean.TRUE.equals(a.bool("recurring"))) {
        tx.recurring = true;
      }
      return Map.of("message", "Transaction with ID " + id + " updated.");
    });
    t.put("get_balance", (env, a) -> env.bankAccount.balance);
    t.put("get_most_recent_transactions", (env, a) -> {
      List<Transaction> all = env.bankAccount.transactions;
      long n = a.lng("n");
      // account.transactions[-int(n):]
      long start = -n;
      if (start < 0) {
        start = Math.max(0, start + all.size());
      }
      start = Math.min(start, all.size());
      return new ArrayList<>(all.subList((int) start, all.size()));
    });
    t.put("get_scheduled_transactions", (env, a) -> new ArrayList<>(env.bankAccount.scheduledTransactions));
    t.put("read_file", (env, a) -> env.filesystem.files.getOrDefault(a.str("file_path"), ""));
    t.put("get_user_info", (env, a) -> userInfo(env));
    t.put("update_password", (env, a) -> {
      env.userAccount.password = a.str("password");
      return Map.of("message", "Password updated.");
    });
    t.put("update_user_info", (env, a) -> {
      if (truthy(a.str("first_name"))) {
        env.userAccount.firstName = a.str("first_name");
      }
      if (truthy(a.str("last_name"))) {
        env.userAccount.lastName = a.str("last_name");
      }
      if (truthy(a.str("street"))) {
        env.userAccount.street = a.str("street");
      }
      if (truthy(a.str("city"))) {
        env.userAccount.city = a.str("city");
      }
      return userInfo(env);
    });
    return t;
  }

  /** {@code next_id(account)}: max over transactions and scheduled transactions, plus one. */
  static long nextId(BankingEnvironment env) {
    List<Transaction> all = new ArrayList<>(env.bankAccount.transactions);
    all.addAll(env.bankAccount.scheduledTransactions);
    if (all.isEmpty()) {
      return 1; // max([], default=0) + 1
    }
    long max = Long.MIN_VALUE;
    for (Transaction x : all) {
      max = Math.max(max, x.id);
    }
    return max + 1;
  }

  private static Map<String, Object> userInfo(BankingEnvironment env) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("first_name", env.userAccount.firstName);
    m.put("last_name", env.userAccount.lastName);
    m.put("street", env.userAccount.street);
    m.put("city", env.userAccount.city);
    return m;
  }

  private static boolean truthy(String s) {
    return s != null && !s.isEmpty();
  }
}

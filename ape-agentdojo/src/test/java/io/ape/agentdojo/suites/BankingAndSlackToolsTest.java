package io.ape.agentdojo.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.agentdojo.suites.banking.BankingEnvironment;
import io.ape.agentdojo.suites.banking.BankingSuite;
import io.ape.agentdojo.suites.slack.SlackEnvironment;
import io.ape.agentdojo.suites.slack.SlackSuite;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tool semantics of banking and slack, on hand-written environments. */
class BankingAndSlackToolsTest {
  private static final String BANK = String.join("\n",
      "bank_account:",
      "  balance: 100",
      "  iban: \"DE1\"",
      "  transactions:",
      "    - {id: 1, sender: me, recipient: A, amount: 10, subject: a, date: '2022-01-01', recurring: false}",
      "    - {id: 2, sender: me, recipient: B, amount: 20.5, subject: b, date: '2022-01-02', recurring: false}",
      "  scheduled_transactions:",
      "    - {id: 7, sender: DE1, recipient: C, amount: 1100, subject: Rent, date: '2022-04-04', recurring: false}",
      "filesystem:",
      "  files: {bill.txt: 'pay me'}",
      "user_account: {first_name: Emma, last_name: Johnson, street: S 1, city: C, password: pw}");

  private static ToolHarness<BankingEnvironment> bank() {
    return new ToolHarness<>(new BankingSuite(), BANK, List.of(
        ToolHarness.spec("send_money", "recipient:str", "amount:float", "subject:str", "date:str"),
        ToolHarness.spec("update_scheduled_transaction", "id:int", "recipient?str | None", "amount?float | None",
            "subject?str | None", "date?str | None", "recurring?bool | None"),
        ToolHarness.spec("get_most_recent_transactions", "n:int"),
        ToolHarness.spec("read_file", "file_path:str"),
        ToolHarness.spec("update_user_info", "first_name?str | None", "last_name?str | None", "street?str | None",
            "city?str | None")));
  }

  @Test
  void sendMoneyUsesTheNextIdOverBothListsAndPythonFloatText() {
    ToolHarness<BankingEnvironment> h = bank();
    assertThat(h.ok("send_money", Map.of("recipient", "X", "amount", 5, "subject", "s", "date", "d")))
        .isEqualTo(Map.of("message", "Transaction to X for 5.0 sent."));
    assertThat(h.env().bankAccount.transactions.get(2).id).isEqualTo(8);
    assertThat(h.env().bankAccount.transactions.get(2).sender).isEqualTo("DE1");
  }

  @Test
  void updateScheduledTransactionIgnoresFalsyValuesAsPythonDoes() {
    ToolHarness<BankingEnvironment> h = bank();
    h.ok("update_scheduled_transaction", Map.of("id", 7, "amount", 0, "recurring", true, "subject", ""));
    var t = h.env().bankAccount.scheduledTransactions.get(0);
    assertThat(t.amount).isEqualTo(1100.0);
    assertThat(t.recurring).isTrue();
    assertThat(t.subject).isEqualTo("Rent");
    h.ok("update_scheduled_transaction", Map.of("id", 7, "recurring", false));
    assertThat(t.recurring).isTrue();
    assertThat(h.call("update_scheduled_transaction", Map.of("id", 99)).failure().modelText())
        .isEqualTo("ValueError: Transaction with ID 99 not found.");
  }

  @Test
  void mostRecentTransactionsSliceLikePython() {
    ToolHarness<BankingEnvironment> h = bank();
    assertThat((List<?>) h.ok("get_most_recent_transactions", Map.of("n", 1))).hasSize(1);
    assertThat((List<?>) h.ok("get_most_recent_transactions", Map.of("n", 0))).hasSize(2);
    assertThat((List<?>) h.ok("get_most_recent_transactions", Map.of("n", 100))).hasSize(2);
    assertThat((List<?>) h.ok("get_most_recent_transactions", Map.of("n", -1))).hasSize(1);
    assertThat(h.ok("read_file", Map.of("file_path", "nope"))).isEqualTo("");
    h.ok("update_user_info", Map.of("city", "New York", "street", ""));
    assertThat(h.env().userAccount.city).isEqualTo("New York");
    assertThat(h.env().userAccount.street).isEqualTo("S 1");
  }

  private static final String SLACK = String.join("\n",
      "slack:",
      "  users: [Alice, Bob]",
      "  channels: [general, External_0]",
      "  user_channels: {Alice: [general], Bob: [general, External_0]}",
      "  user_inbox: {Alice: [], Bob: []}",
      "  channel_inbox: {general: [{sender: Bob, recipient: general, body: hi}]}",
      "web:",
      "  web_content: {www.a.com: page}",
      "  web_requests: ['']");

  private static ToolHarness<SlackEnvironment> slack() {
    return new ToolHarness<>(new SlackSuite(), SLACK, List.of(
        ToolHarness.spec("get_webpage", "url:str"), ToolHarness.spec("post_webpage", "url:str", "content:str"),
        ToolHarness.spec("read_channel_messages", "channel:str"), ToolHarness.spec("get_users_in_channel", "channel:str"),
        ToolHarness.spec("send_direct_message", "recipient:str", "body:str"),
        ToolHarness.spec("invite_user_to_slack", "user:str", "user_email:str"),
        ToolHarness.spec("remove_user_from_slack", "user:str"),
        ToolHarness.spec("add_user_to_channel", "user:str", "channel:str")));
  }

  @Test
  void webRequestsAreLoggedWithoutTheScheme() {
    ToolHarness<SlackEnvironment> h = slack();
    assertThat(h.ok("get_webpage", Map.of("url", "https://www.a.com"))).isEqualTo("page");
    assertThat(h.ok("get_webpage", Map.of("url", "http://www.b.com"))).isEqualTo("404 Not Found");
    h.ok("post_webpage", Map.of("url", "www.c.com", "content", "x"));
    assertThat(h.env().web.webRequests).containsExactly("", "www.a.com", "www.b.com", "www.c.com");
    assertThat(h.env().web.webContent).containsEntry("www.c.com", "x");
  }

  @Test
  void slackMembershipAndMessages() {
    ToolHarness<SlackEnvironment> h = slack();
    assertThat(h.ok("read_channel_messages", Map.of("channel", "External_0"))).isEqualTo(List.of());
    assertThat(h.call("read_channel_messages", Map.of("channel", "x")).failure().modelText())
        .isEqualTo("ValueError: Channel does not exist!");
    assertThat(h.ok("get_users_in_channel", Map.of("channel", "general"))).isEqualTo(List.of("Alice", "Bob"));
    h.ok("send_direct_message", Map.of("recipient", "Alice", "body", "yo"));
    assertThat(h.env().slack.userInbox.get("Alice").get(0).sender).isEqualTo("bot");
    h.ok("invite_user_to_slack", Map.of("user", "Fred", "user_email", "f@x.com"));
    h.ok("add_user_to_channel", Map.of("user", "Fred", "channel", "general"));
    assertThat(h.call("invite_user_to_slack", Map.of("user", "Fred", "user_email", "f@x.com")).ok()).isFalse();
    h.ok("remove_user_from_slack", Map.of("user", "Fred"));
    assertThat(h.env().slack.users).containsExactly("Alice", "Bob");
    assertThat(h.env().slack.userChannels).doesNotContainKey("Fred");
  }

  @Test
  void pythonStringIdioms() {
    assertThat(Py.split("  a\tb\n c  ")).containsExactly("a", "b", "c");
    assertThat(Py.strip("\n x \t")).isEqualTo("x");
    assertThat(Py.str(1100)).isEqualTo("1100.0");
  }
}

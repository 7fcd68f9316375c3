package io.ape.agentdojo.suites.banking;

import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.env.TreeReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The banking suite's environment ({@code BankingEnvironment}: bank account, file system, user
 * account), with its parts as nested classes mirroring AgentDojo's models. Mutable.
 *
 * @since 0.2.0
 */
public final class BankingEnvironment implements TaskEnvironment {
  public final BankAccount bankAccount;
  public final Filesystem filesystem;
  public final UserAccount userAccount;

  BankingEnvironment(BankAccount bankAccount, Filesystem filesystem, UserAccount userAccount) {
    this.bankAccount = bankAccount;
    this.filesystem = filesystem;
    this.userAccount = userAccount;
  }

  static BankingEnvironment read(Object tree) {
    TreeReader r = TreeReader.of(tree, "");
    TreeReader b = r.child("bank_account");
    BankAccount account =
        new BankAccount(
            b.dbl("balance"),
            b.str("iban"),
            b.list("transactions", Transaction::read),
            b.list("scheduled_transactions", Transaction::read));
    Filesystem fs = new Filesystem(r.child("filesystem").map("files", io.ape.agentdojo.env.Coerce::str));
    TreeReader u = r.child("user_account");
    UserAccount user =
        new UserAccount(u.str("first_name"), u.str("last_name"), u.str("street"), u.str("city"), u.str("password"));
    return new BankingEnvironment(account, fs, user);
  }

  @Override
  public BankingEnvironment deepCopy() {
    List<Transaction> t = new ArrayList<>();
    bankAccount.transactions.forEach(x -> t.add(x.copy()));
    List<Transaction> s = new ArrayList<>();
    bankAccount.scheduledTransactions.forEach(x -> s.add(x.copy()));
    return new BankingEnvironment(
        new BankAccount(bankAccount.balance, bankAccount.iban, t, s),
        new Filesystem(new LinkedHashMap<>(filesystem.files)),
        new UserAccount(
            userAccount.firstName, userAccount.lastName, userAccount.street, userAccount.city,
            userAccount.password));
  }

  @Override
  public Obj dump() {
    return Obj.of("BankingEnvironment")
        .put("bank_account", bankAccount.dump())
        .put("filesystem", filesystem.dump())
        .put("user_account", userAccount.dump())
        .build();
  }

  /** {@code BankAccount}. */
  public static final class BankAccount implements Model {
    public double balance;
    public String iban;
    public final List<Transaction> transactions;
    public final List<Transaction> scheduledTransactions;

    BankAccount(double balance, String iban, List<Transaction> transactions, List<Transaction> scheduled) {
      this.balance = balance;
      this.iban = iban;
      this.transactions = transactions;
      this.scheduledTransactions = scheduled;
    }

    @Override
    public Obj dump() {
      List<Object> t = new ArrayList<>();
      transactions.forEach(x -> t.add(x.dump()));
      List<Object> s = new ArrayList<>();
      scheduledTransactions.forEach(x -> s.add(x.dump()));
      return Obj.of("BankAccount")
          .put("balance", balance)
          .put("iban", iban)
          .put("transactions", t)
          .put("scheduled_transactions", s)
          .build();
    }
  }

  /** {@code Filesystem}: file name to content. */
  public static final class Filesystem implements Model {
    public final LinkedHashMap<String, String> files;

    Filesystem(LinkedHashMap<String, String> files) {
      this.files = files;
    }

    @Override
    public Obj dump() {
      return Obj.of("Filesystem").put("files", new LinkedHashMap<>(files)).build();
    }
  }

  /** {@code UserAccount}. */
  public static final class UserAccount implements Model {
    public String firstName;
    public String lastName;
    public String street;
    public String city;
    public String password;

    UserAccount(String firstName, String lastName, String street, String city, String password) {
      this.firstName = firstName;
      this.lastName = lastName;
      this.street = street;
      this.city = city;
      this.password = password;
    }

    @Override
    public Obj dump() {
      return Obj.of("UserAccount")
          .put("first_name", firstName)
          .put("last_name", lastName)
          .put("street", street)
          .put("city", city)
          .put("password", password)
          .build();
    }
  }
}

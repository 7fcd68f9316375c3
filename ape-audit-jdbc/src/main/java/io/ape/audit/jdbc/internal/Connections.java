package io.ape.audit.jdbc.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** Opens PostgreSQL connections with the sink's settings. Internal to ape-audit-jdbc. */
public final class Connections {
  private Connections() {}

  /**
   * Opens a connection.
   *
   * @param url a {@code jdbc:postgresql:} URL
   * @param user the user, or {@code null} (the URL's)
   * @param password the password, or {@code null} (the URL's, or none)
   * @param timeout the connect and socket timeout
   */
  public static Connection open(String url, String user, char[] password, Duration timeout,
      String applicationName) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", new String(password));
    }
    long seconds = Math.max(1, timeout.toSeconds());
    p.setProperty("connectTimeout", Long.toString(seconds));
    p.setProperty("loginTimeout", Long.toString(seconds));
    p.setProperty("socketTimeout", Long.toString(Math.max(seconds, 10)));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("reWriteBatchedInserts", "true");
    p.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(url, p);
  }

  /** A URL without a {@code password=} parameter or user information (for messages). */
  public static String describe(String url) {
    return url.replaceAll("(?i)password=[^&]*", "password=***")
        .replaceAll("//[^/@]*@", "//***@");
  }
}

package io.ape.api;

/**
 * An artifact of one tenant was used in another tenant.
 *
 * @since 0.1.0
 */
public class TenantMismatchException extends AuthorityException {
  private static final long serialVersionUID = 1L;
  private final String expectedTenant;
  private final String actualTenant;


  /** Creates the exception with a message. */
  public TenantMismatchException(String expectedTenant, String actualTenant, String message) {
    super(message);
    this.expectedTenant = expectedTenant;
    this.actualTenant = actualTenant;
  }

  /** Creates the exception with a message and a cause. */
  public TenantMismatchException(String expectedTenant, String actualTenant, String message, Throwable cause) {
    super(message, cause);
    this.expectedTenant = expectedTenant;
    this.actualTenant = actualTenant;
  }

  /** Returns the tenant the artifact belongs to. */
  public String expectedTenant() {
    return expectedTenant;
  }

  /** Returns the tenant that used it. */
  public String actualTenant() {
    return actualTenant;
  }
}

package dev.eddy.cookie;

/**
 * SameSite is a cookie's {@code SameSite} attribute: whether browsers send it on requests that
 * other sites start. {@link #LAX} (sent on top-level navigations, not on cross-site subrequests or
 * POSTs) is the usual choice; {@link #NONE} needs {@code Secure}.
 */
public enum SameSite {
  STRICT("Strict"),
  LAX("Lax"),
  NONE("None");

  private final String attribute;

  SameSite(String attribute) {
    this.attribute = attribute;
  }

  /** The attribute value as sent: {@code Strict}, {@code Lax} or {@code None}. */
  public String attribute() {
    return attribute;
  }
}

package dev.magnus.rollback.cli;

import dev.magnus.rollback.StorageConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/*
 * A store named on one option, for `copy`: `file:DIR` (the file store in DIR), `NAME` (a provider with
 * no options, e.g. memory), or `NAME:key=value,key=value` (a provider's storage options, as in the
 * YAML's storage.options.NAME, e.g. jdbc:url=jdbc:postgresql://host/db,user=app,passwordEnv=PGPASSWORD).
 * Immutable.
 */
record StoreSpec(String name, Map<String, Object> options, String text) {
  StorageConfig storage() {
    return StorageConfig.custom().type(name).options(name, options).build();
  }

  /** The spec as given, with the value of any option whose name says it is a secret (password, secret, key,
   * token) replaced by {@code ***}, so a copy's report never prints one. */
  @Override
  public String toString() {
    return text.replaceAll("(?i)((?:^|[,:])[^,=:]*(?:password|secret|token|key)[^,=]*=)[^,]*", "$1***");
  }

  /** Parse a spec; a malformed one is a usage error saying what to give. */
  static final class Converter implements ITypeConverter<StoreSpec> {
    @Override
    public StoreSpec convert(String value) {
      int colon = value.indexOf(':');
      String name = colon < 0 ? value : value.substring(0, colon);
      String rest = colon < 0 ? "" : value.substring(colon + 1);
      if (name.isBlank() || (colon >= 0 && rest.isBlank())) {
        throw new TypeConversionException("'" + value + "' is not a store: give file:DIR, a provider NAME, or "
            + "NAME:key=value,... (the provider's storage options)");
      }
      Map<String, Object> options = new LinkedHashMap<>();
      if ("file".equals(name)) {
        options.put("path", rest.isEmpty() ? "rollback-data" : rest);
      } else if (!rest.isEmpty()) {
        for (String pair : rest.split(",")) {
          int eq = pair.indexOf('=');
          if (eq < 1) {
            throw new TypeConversionException("'" + pair + "' in store '" + value + "' is not key=value: give the "
                + "provider's storage options as NAME:key=value,key=value");
          }
          options.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      return new StoreSpec(name, options, value);
    }
  }
}

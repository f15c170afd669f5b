package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Is the schema ready to be distributed by restaurant (Citus, docs/scaling.md)? Two questions, both
 * answered from the real thing: the catalog of a migrated database, and the SQL the order path
 * really sends.
 *
 * <p><b>Which tables belong to a restaurant.</b> A table belongs to a restaurant when it is {@code
 * restaurants} itself (its {@code id} is the restaurant's id), when it has a {@code restaurant_id}
 * column, or when it has a foreign key to a table that belongs to a restaurant; the rule is applied
 * until nothing changes. {@link #NOT_RESTAURANT_OWNED} lists the tables the rule catches that do
 * not belong to one restaurant, each with its reason; {@link #GLOBAL} lists every other table, each
 * with its reason, so that a new table has to be classified here before it can be merged.
 *
 * <p><b>Ready</b> means: the restaurant's id ({@code restaurant_id}, or {@code id} for {@code
 * restaurants}) is in the table's primary key or in one of its unique keys. The tables that are not
 * ready today are {@link #NOT_READY}, and docs/scaling.md says so; the test fails when that list is
 * wrong either way (a new table that is not ready, or one made ready and still listed). Citus asks
 * more than that (every unique key of a distributed table must contain the distribution column):
 * {@link #UNIQUE_KEYS_WITHOUT_RESTAURANT} lists the keys that would have to change, kept exact the
 * same way.
 *
 * <p><b>The order path.</b> Placing an order (with an Idempotency-Key), the guest reading it, the
 * restaurant's board, the restaurant reading it and accepting it are run against a server whose
 * PostgreSQL driver is asked to log every statement it parses (prepareThreshold=0, so no statement
 * hides behind a server-prepared one); each statement that touches a table of a restaurant must
 * name {@code restaurant_id} (or {@code restaurants.id}), except those in {@link
 * #STATEMENTS_WITHOUT_RESTAURANT}, each with its reason: those are what a distributed database
 * would have to route some other way, and docs/scaling.md lists them.
 */
class DistributionReadinessTest {
  /** Tables the rule catches (a restaurant_id column) that are not one restaurant's. */
  static final Map<String, String> NOT_RESTAURANT_OWNED =
      Map.of(
          "sessions",
          "a user's sign-in; restaurant_id (nullable) is the restaurant the session acts for, and a"
              + " user may act for several, or for none (customers, admins)",
          "notifications",
          "messages to people: restaurant_id is null for a user's own security emails; claimed by"
              + " due time across all restaurants by every instance's sender");

  /** Tables that belong to no restaurant, each with why. */
  static final Map<String, String> GLOBAL =
      Map.ofEntries(
          Map.entry("users", "people, who may work for several restaurants or none"),
          Map.entry("recovery_codes", "a user's 2FA recovery codes"),
          Map.entry("known_login_places", "a user's known devices and addresses"),
          Map.entry("refresh_tokens", "a session's tokens (sessions are a user's)"),
          Map.entry("security_events", "a user's sign-in events"),
          Map.entry(
              "subject_keys",
              "per-subject encryption keys (crypto-shredding): a user's or an anonymous order's"
                  + " customer; keyed by subject, not by restaurant"),
          Map.entry(
              "idempotency_keys",
              "a client's Idempotency-Key, scoped by the caller (an account or an anonymous"
                  + " secret), claimed before the restaurant is known to be valid"),
          Map.entry("deployment_keys", "the deployment's wrapped keys (decision 40)"),
          Map.entry("rewrap_checkpoints", "progress of keys rewrap, one row per table"),
          Map.entry("flyway_schema_history", "the migrations"),
          Map.entry(
              "audit.audit_log",
              "the one hash chain of the whole deployment (ordersync-audit; actor_restaurant is"
                  + " who acted, not a tenant key)"),
          Map.entry("audit.audit_pending", "records waiting to be sealed into the one chain"),
          Map.entry("audit.audit_checkpoint", "signed checkpoints of the one chain"));

  /** Columns that name a restaurant but are not a tenant key. */
  static final Map<String, String> OTHER_RESTAURANT_COLUMNS =
      Map.of(
          "audit.audit_log.actor_restaurant", "the restaurant the actor acted for, recorded",
          "audit.audit_pending.actor_restaurant", "the same, before sealing",
          "refunds.by_restaurant_cancel", "a flag: the refund came from the restaurant's cancel");

  /**
   * Tables of a restaurant without restaurant_id in any unique key: NOT READY. Empty since V19,
   * which gave the seven that were listed here (menu_categories, menu_items, option_groups,
   * price_rules, order_lines, payments, refunds) a UNIQUE (restaurant_id, id), or (restaurant_id,
   * order_id, line_no) for order_lines. A new table without the restaurant in a key fails the test.
   */
  static final Set<String> NOT_READY = Set.of();

  /**
   * Unique keys (primary keys included) of restaurant tables without the restaurant's id, which
   * Citus refuses on a table distributed by restaurant_id: each must gain restaurant_id, or its
   * uniqueness be kept another way (docs/scaling.md).
   */
  static final Set<String> UNIQUE_KEYS_WITHOUT_RESTAURANT =
      Set.of(
          "menu_categories(id)",
          "menu_items(id)",
          "option_groups(id)",
          "price_rules(id)",
          "orders(id)",
          "order_lines(order_id, line_no)",
          "order_events(seq)",
          "order_events(event_id)",
          "order_events(order_id, version)",
          "payments(id)",
          "payments(order_id)",
          "payments(payment_key)",
          "refunds(id)",
          "refunds(idempotency_key)",
          "webhook_endpoints(id)",
          "webhook_events(id)",
          "webhook_deliveries(id)",
          "webhook_deliveries(endpoint_id, event_id)");

  /**
   * Order-path statements that touch a restaurant's table without naming the restaurant. On a
   * database distributed by restaurant each would be sent to every shard. Keyed by a pattern of the
   * statement; each must still be seen, so the list shrinks when one is fixed. One is left, and it
   * is not fixable without a new order token: the guest's read.
   */
  static final Map<String, String> STATEMENTS_WITHOUT_RESTAURANT =
      Map.of(
          "FROM orders WHERE id = \\$1$",
          "the guest's read of their order: the order token names only the order (decision 4), so"
              + " the order's row is read by its id alone; the lines are then read by the"
              + " restaurant_id of that same row in the same round trip. A signed-in customer's and"
              + " an admin's read of an order by id go the same way; staff read by their session's"
              + " restaurant. Routing it needs the restaurant in the token (a new token version) or"
              + " an order_id to restaurant_id look-up on the coordinator (docs/scaling.md)");

  /**
   * Threads whose statements run while the order path is exercised but are not the order path:
   * background work across all restaurants, which on a distributed database is a multi-shard query
   * off the order path (docs/scaling.md). Their statements are reported, not judged. Exact thread
   * names: a request thread or the group-commit lanes are always judged.
   */
  static final Map<String, String> BACKGROUND_THREADS =
      Map.of(
          "webhooks",
          "the webhook dispatcher claims due deliveries of every restaurant (decision 45)",
          "webhooks-lag",
          "the webhook backlog gauge, counted over every restaurant");

  private static final Path DOC = Path.of("..", "docs", "scaling.md");
  private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
  private static final Pattern PARSE =
      Pattern.compile("(?s)^\\s*FE=> (?:Parse\\(stmt=[^,]*,query=\"|SimpleQuery\\(query=\")(.*)\"");
  private static final Pattern TABLE =
      Pattern.compile(
          "\\b(?:FROM|JOIN|INTO|UPDATE)\\s+(?:ONLY\\s+)?((?:[a-z_]+\\.)?[a-z_][a-z0-9_]*)",
          Pattern.CASE_INSENSITIVE);

  private static TestServer server;
  private static Catalog catalog;
  private static final List<Captured> captured = Collections.synchronizedList(new ArrayList<>());
  private static volatile boolean capturing;
  private static Level driverLevel;
  private static final Handler CAPTURE =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (!capturing || record.getMessage() == null) {
            return;
          }
          String message =
              record.getParameters() == null
                  ? record.getMessage()
                  : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
          Matcher m = PARSE.matcher(message);
          if (m.find()) {
            captured.add(new Captured(m.group(1), Thread.currentThread().getName()));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  record Captured(String sql, String thread) {}

  @BeforeAll
  static void start() throws Exception {
    TestDatabase db = TestDatabase.create();
    String url = db.url() + (db.url().contains("?") ? "&" : "?") + "prepareThreshold=0";
    try {
      server =
          TestServer.startOn(
              db,
              Map.of("ORDERSYNC_DB_URL", url, "ORDERSYNC_ANALYTICS_ROLLUP_SECONDS", "0"),
              OrderSyncServer.Limits.none());
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    try (Connection c = db.connect()) {
      catalog = Catalog.read(c);
    }
    driverLevel = DRIVER.getLevel();
    DRIVER.setLevel(Level.FINEST);
    DRIVER.addHandler(CAPTURE);
  }

  @AfterAll
  static void stop() {
    DRIVER.removeHandler(CAPTURE);
    DRIVER.setLevel(driverLevel);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyTableIsClassified() {
    Set<String> unclassified = new TreeSet<>(catalog.tables());
    unclassified.removeAll(catalog.restaurantTables());
    unclassified.removeAll(GLOBAL.keySet());
    assertEquals(
        Set.of(),
        unclassified,
        "a table that is neither a restaurant's (restaurant_id, or a foreign key to one) nor"
            + " listed in GLOBAL with its reason");
    Set<String> wronglyGlobal = new TreeSet<>(GLOBAL.keySet());
    wronglyGlobal.retainAll(catalog.restaurantTables());
    assertEquals(Set.of(), wronglyGlobal, "listed as global but belongs to a restaurant by rule");
    assertTrue(
        catalog.restaurantTables().containsAll(NOT_RESTAURANT_OWNED.keySet()),
        "every exception is a table the rule catches");
    Set<String> otherColumns = new TreeSet<>(catalog.restaurantNamedColumns());
    otherColumns.removeIf(c -> c.endsWith(".restaurant_id"));
    assertEquals(
        new TreeSet<>(OTHER_RESTAURANT_COLUMNS.keySet()),
        otherColumns,
        "a column naming a restaurant that is not restaurant_id: a tenant key under another name?");
  }

  @Test
  void everyRestaurantTableHasTheRestaurantInAUniqueKeyExceptThoseListedAsNotReady()
      throws Exception {
    Set<String> notReady = new TreeSet<>();
    Set<String> uniqueWithout = new TreeSet<>();
    for (String table : owned()) {
      String key = table.equals("restaurants") ? "id" : "restaurant_id";
      List<List<String>> keys = catalog.uniqueKeys().getOrDefault(table, List.of());
      if (keys.stream().noneMatch(k -> k.contains(key))) {
        notReady.add(table);
      }
      for (List<String> k : keys) {
        if (!k.contains(key)) {
          uniqueWithout.add(table + "(" + String.join(", ", k) + ")");
        }
      }
    }
    assertEquals(new TreeSet<>(NOT_READY), notReady, "tables without the restaurant in any key");
    assertEquals(
        new TreeSet<>(UNIQUE_KEYS_WITHOUT_RESTAURANT),
        uniqueWithout,
        "unique keys that Citus would refuse on a table distributed by restaurant");
    String doc = Files.readString(DOC);
    for (String table : NOT_READY) {
      assertTrue(doc.contains("`" + table + "`"), "docs/scaling.md names " + table);
    }
  }

  @Test
  void theOrderPathNamesTheRestaurantInEveryStatementOnItsTables() throws Exception {
    Scenario story = new Scenario(server.api());
    Scenario.Owner owner = story.anOwnerWithARestaurant("Distribution");
    String item = story.anItem(owner, "Kalguksu", 9500, 50);
    Api api = server.api();

    captured.clear();
    capturing = true;
    Api.Response placed =
        api.post(
            "/api/v1/orders",
            Scenario.orderBody(owner.restaurantId(), item, 2),
            null,
            UUID.randomUUID().toString());
    assertEquals(201, placed.status(), placed::toString);
    String order = placed.text("id");
    Api.Response guestRead = api.get("/api/v1/orders/" + order, placed.text("order_token"));
    assertEquals(200, guestRead.status(), guestRead::toString);
    Api.Response board = api.get("/api/v1/restaurants/me/orders", owner.token());
    assertEquals(200, board.status(), board::toString);
    Api.Response read = api.get("/api/v1/orders/" + order, owner.token());
    assertEquals(200, read.status(), read::toString);
    Api.Response accepted =
        api.send(
            "POST",
            "/api/v1/restaurants/me/orders/" + order + "/accept",
            "{\"prep_minutes\":15}",
            owner.token(),
            null,
            "\"1\"");
    assertEquals(200, accepted.status(), accepted::toString);
    capturing = false;

    List<Captured> statements;
    synchronized (captured) {
      statements = List.copyOf(captured);
    }
    Set<String> restaurantTables = owned();
    Map<String, String> report = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int onRestaurantTables = 0;
    for (Captured s : statements) {
      String sql = s.sql().replaceAll("\\s+", " ").strip();
      Set<String> touched = tables(sql);
      touched.retainAll(restaurantTables);
      if (touched.isEmpty()) {
        report.putIfAbsent(sql, "(no restaurant table) [" + s.thread() + "]");
        continue;
      }
      if (BACKGROUND_THREADS.containsKey(s.thread())) {
        report.putIfAbsent(sql, "background, not judged [" + s.thread() + "]");
        continue;
      }
      onRestaurantTables++;
      if (namesTheRestaurant(sql, touched)) {
        report.putIfAbsent(sql, "names the restaurant [" + s.thread() + "]");
        continue;
      }
      String excused =
          STATEMENTS_WITHOUT_RESTAURANT.keySet().stream()
              .filter(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE).matcher(sql).find())
              .findFirst()
              .orElse(null);
      if (excused != null) {
        report.put(sql, "EXCEPTION " + excused + " [" + s.thread() + "]");
      } else {
        report.put(sql, "WITHOUT RESTAURANT " + touched + " [" + s.thread() + "]");
        failures.add(touched + " " + sql + " [" + s.thread() + "]");
      }
    }
    Path out = Path.of("target", "order-path-statements.txt");
    Files.createDirectories(out.getParent());
    StringBuilder text = new StringBuilder();
    report.forEach((sql, verdict) -> text.append(verdict).append("\n  ").append(sql).append("\n"));
    Files.writeString(out, text);

    assertTrue(
        statements.stream()
            .anyMatch(s -> s.sql().toUpperCase(Locale.ROOT).contains("INSERT INTO ORDERS")),
        "the driver's statements were captured (see " + out + ")");
    assertTrue(onRestaurantTables >= 5, "the order path touched the restaurant's tables");
    for (String pattern : STATEMENTS_WITHOUT_RESTAURANT.keySet()) {
      assertTrue(
          report.values().stream().anyMatch(v -> v.startsWith("EXCEPTION " + pattern + " [")),
          "the exception " + pattern + " is still needed (else take it out of the list)");
    }
    assertEquals(
        List.of(),
        failures,
        "order-path statements on a restaurant's tables that do not name restaurant_id ("
            + out
            + ")");
  }

  /** The restaurant tables that are one restaurant's (the rule, less the listed exceptions). */
  private static Set<String> owned() {
    Set<String> owned = new TreeSet<>(catalog.restaurantTables());
    owned.removeAll(NOT_RESTAURANT_OWNED.keySet());
    return owned;
  }

  /** The tables a statement reads or writes, by name (schema public left out). */
  static Set<String> tables(String sql) {
    Set<String> names = new TreeSet<>();
    Matcher m = TABLE.matcher(sql);
    while (m.find()) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      names.add(name.startsWith("public.") ? name.substring(7) : name);
    }
    return names;
  }

  /**
   * Whether a statement routes by the restaurant: an INSERT that writes {@code restaurant_id} (a
   * distributed database routes it by the value), a condition on {@code restaurant_id} ({@code =},
   * {@code = ANY}, {@code IN}), or for a statement on {@code restaurants} alone a condition on its
   * {@code id}. Naming {@code restaurant_id} in a select list or a RETURNING clause is not enough.
   */
  static boolean namesTheRestaurant(String sql, Set<String> touched) {
    if (RESTAURANT_CONDITION.matcher(sql).find()) {
      return true;
    }
    // INSERTs that all write restaurant_id, reading no restaurant table besides what they write
    // (an INSERT ... SELECT FROM unnest(...), an upsert, a CTE of two INSERTs).
    Matcher insert = INSERT_COLUMNS.matcher(sql);
    Set<String> written = new TreeSet<>();
    boolean allWithRestaurant = true;
    while (insert.find()) {
      written.add(insert.group(1).toLowerCase(Locale.ROOT));
      allWithRestaurant &= List.of(insert.group(2).split("\\s*,\\s*")).contains("restaurant_id");
    }
    if (!written.isEmpty() && allWithRestaurant && written.containsAll(touched)) {
      return true;
    }
    return touched.equals(Set.of("restaurants"))
        && Pattern.compile(
                "(?i)\\bFROM restaurants( [a-z]+)? WHERE (?:[a-z]+\\.)?id\\s*=\\s*\\$\\d")
            .matcher(sql)
            .find();
  }

  private static final Pattern RESTAURANT_CONDITION =
      Pattern.compile(
          "(?i)\\b(?:[a-z_]+\\.)?restaurant_id\\s*(?:=|\\bIN\\b)|(?:=|\\bIN\\b)\\s*(?:[a-z_]+\\.)?restaurant_id\\b");
  private static final Pattern INSERT_COLUMNS =
      Pattern.compile("(?i)\\bINSERT INTO ([a-z_.]+) \\(([^)]*)\\)");

  /** What the catalog of the migrated database says about its tables. */
  record Catalog(
      Set<String> tables,
      Set<String> restaurantTables,
      Set<String> restaurantNamedColumns,
      Map<String, List<List<String>>> uniqueKeys) {
    static Catalog read(Connection c) throws Exception {
      Set<String> tables = new TreeSet<>();
      Map<String, Set<String>> columns = new LinkedHashMap<>();
      Map<String, Set<String>> references = new LinkedHashMap<>();
      Map<String, List<List<String>>> unique = new TreeMap<>();
      try (Statement s = c.createStatement()) {
        String name =
            "CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END";
        String ours =
            " c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";
        try (ResultSet rs =
            s.executeQuery(
                "SELECT "
                    + name
                    + ", a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT"
                    + " a.attisdropped WHERE"
                    + ours)) {
          while (rs.next()) {
            tables.add(rs.getString(1));
            columns.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
          }
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT "
                    + name
                    + ", CASE WHEN rn.nspname = 'public' THEN r.relname ELSE rn.nspname || '.' ||"
                    + " r.relname END FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class r ON r.oid ="
                    + " k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace WHERE k.contype"
                    + " = 'f' AND"
                    + ours)) {
          while (rs.next()) {
            references.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
          }
        }
        // Every unique index: primary keys, unique constraints and unique indexes alike.
        try (ResultSet rs =
            s.executeQuery(
                "SELECT "
                    + name
                    + ", i.indexrelid, array_agg(a.attname::text ORDER BY k.ord) FROM pg_index i"
                    + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid ="
                    + " c.relnamespace CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum,"
                    + " ord) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                    + " WHERE i.indisunique AND"
                    + ours
                    + " GROUP BY 1, 2 ORDER BY 1, 2")) {
          while (rs.next()) {
            List<String> key = List.of((String[]) rs.getArray(3).getArray());
            unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(key);
          }
        }
      }
      Set<String> restaurant = new TreeSet<>();
      restaurant.add("restaurants");
      columns.forEach(
          (table, cols) -> {
            if (cols.contains("restaurant_id")) {
              restaurant.add(table);
            }
          });
      boolean grew = true;
      while (grew) {
        grew = false;
        for (var fk : references.entrySet()) {
          if (!restaurant.contains(fk.getKey())
              && fk.getValue().stream()
                  .anyMatch(t -> restaurant.contains(t) && !NOT_RESTAURANT_OWNED.containsKey(t))) {
            restaurant.add(fk.getKey());
            grew = true;
          }
        }
      }
      Set<String> named = new TreeSet<>();
      columns.forEach(
          (table, cols) ->
              cols.stream()
                  .filter(col -> col.contains("restaurant"))
                  .forEach(col -> named.add(table + "." + col)));
      return new Catalog(tables, restaurant, named, unique);
    }
  }
}

package dev.ordersync.server.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A data source whose statements are traced: each execution (and each COMMIT or ROLLBACK) made
 * while a recording span is current is a client span named by its {@code db.query.summary} ("SELECT
 * orders", "INSERT order_events"). Never the statement's parameters, nor its text: a summary says
 * what was done to which table, which is what a trace needs. With tracing off the pool is not
 * wrapped at all; in a request sampled out, statements are the driver's own (only the connection's
 * calls go through the wrapper).
 */
public final class TracedDataSource {
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> DB_SUMMARY = AttributeKey.stringKey("db.query.summary");

  private static final Set<String> EXECUTES =
      Set.of(
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeLargeUpdate",
          "executeBatch",
          "executeLargeBatch");
  private static final Pattern TABLE =
      Pattern.compile(
          "\\b(?:FROM|INTO|UPDATE|JOIN)\\s+(?:ONLY\\s+)?([A-Za-z_][\\w.]*)",
          Pattern.CASE_INSENSITIVE);
  private static final int MAX_SUMMARIES = 4096;
  private static final Map<String, String[]> SUMMARIES = new ConcurrentHashMap<>();

  private TracedDataSource() {}

  /** {@code pool} with its statements traced; {@code pool} itself when tracing is off. */
  public static DataSource wrap(DataSource pool, Tracing tracing) {
    if (!tracing.on()) {
      return pool;
    }
    Tracer tracer = tracing.tracer();
    return proxy(
        DataSource.class,
        pool,
        (target, method, args) -> {
          Object result = invoke(target, method, args);
          return result instanceof Connection c ? connection(c, tracer) : result;
        });
  }

  private static Connection connection(Connection c, Tracer tracer) {
    return proxy(
        Connection.class,
        c,
        (target, method, args) -> {
          String name = method.getName();
          if ((name.equals("commit") || name.equals("rollback"))
              && (args == null || args.length == 0)) {
            String op = name.toUpperCase(Locale.ROOT);
            return traced(tracer, op, op, target, method, args);
          }
          Object result = invoke(target, method, args);
          if (!(result instanceof Statement) || !Span.current().isRecording()) {
            // A statement prepared outside a recording span (tracing sampled this request out)
            // is the driver's own: its calls cost nothing more.
            return result;
          }
          if (result instanceof CallableStatement s) {
            return statement(CallableStatement.class, s, (String) args[0], tracer);
          }
          if (result instanceof PreparedStatement s) {
            return statement(PreparedStatement.class, s, (String) args[0], tracer);
          }
          if (result instanceof Statement s) {
            return statement(Statement.class, s, null, tracer);
          }
          return result;
        });
  }

  private static <S extends Statement> S statement(
      Class<S> type, S s, String prepared, Tracer tracer) {
    return proxy(
        type,
        s,
        (target, method, args) -> {
          if (!EXECUTES.contains(method.getName())) {
            return invoke(target, method, args);
          }
          String sql =
              prepared != null
                  ? prepared
                  : args != null && args.length > 0 && args[0] instanceof String q ? q : null;
          String[] summary = summary(sql);
          return traced(tracer, summary[0], summary[1], target, method, args);
        });
  }

  private static Object traced(
      Tracer tracer, String operation, String summary, Object target, Method method, Object[] args)
      throws Throwable {
    if (!Span.current().isRecording()) {
      return invoke(target, method, args);
    }
    Span span =
        tracer
            .spanBuilder(summary)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(DB_SYSTEM, "postgresql")
            .setAttribute(DB_OPERATION, operation)
            .setAttribute(DB_SUMMARY, summary)
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return invoke(target, method, args);
    } catch (SQLException e) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute("error.type", e.getSQLState() == null ? "SQLException" : e.getSQLState());
      throw e;
    } catch (RuntimeException | Error e) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute("error.type", e.getClass().getName());
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * The operation and the summary of a statement: its first keyword and the first table it names
   * ("SELECT orders"); "WITH" statements are summarised by the statement that follows the CTE as
   * far as a regular expression can tell, which is good enough for a span's name.
   */
  static String[] summary(String sql) {
    if (sql == null) {
      return new String[] {"EXECUTE", "EXECUTE"};
    }
    String[] known = SUMMARIES.get(sql);
    if (known != null) {
      return known;
    }
    String op = firstWord(sql);
    Matcher table = TABLE.matcher(sql);
    String summary = table.find() ? op + " " + table.group(1) : op;
    String[] s = {op, summary};
    if (SUMMARIES.size() < MAX_SUMMARIES) {
      SUMMARIES.put(sql, s);
    }
    return s;
  }

  /** The statement's first keyword, after blanks and "--" comments; "EXECUTE" if none. */
  private static String firstWord(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      if (Character.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return i > start ? sql.substring(start, i).toUpperCase(Locale.ROOT) : "EXECUTE";
  }

  @FunctionalInterface
  private interface Handler {
    Object handle(Object target, Method method, Object[] args) throws Throwable;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T target, Handler handler) {
    InvocationHandler h =
        (p, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> p == args[0];
              case "hashCode" -> System.identityHashCode(p);
              case "toString" -> "traced " + target;
              default -> invoke(target, method, args);
            };
          }
          return handler.handle(target, method, args);
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

package dev.ordersync.sdk;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One page of a list, newest first, and the way to the next.
 *
 * <pre>{@code
 * for (Order order : client.restaurantOrders().list(params).autoPagingIterable()) { ... }
 * }</pre>
 */
public final class Page<T> {
  private final List<T> data;
  private final String nextCursor;
  private final Function<String, Page<T>> fetch;

  Page(List<T> data, String nextCursor, Function<String, Page<T>> fetch) {
    this.data = data == null ? List.of() : List.copyOf(data);
    this.nextCursor = nextCursor;
    this.fetch = fetch;
  }

  /** The items on this page. */
  public List<T> data() {
    return data;
  }

  /** The cursor of the next page, or null when this is the last. */
  public String nextCursor() {
    return nextCursor;
  }

  public boolean hasMore() {
    return nextCursor != null;
  }

  /** Fetches the next page (one request). */
  public Page<T> nextPage() {
    if (nextCursor == null) {
      throw new NoSuchElementException("this is the last page");
    }
    return fetch.apply(nextCursor);
  }

  /**
   * Every item from this page on, fetching each further page only when iteration reaches it. Each
   * iterator starts again at this page.
   */
  public Iterable<T> autoPagingIterable() {
    return () ->
        new Iterator<>() {
          private Page<T> page = Page.this;
          private int index;

          @Override
          public boolean hasNext() {
            while (index >= page.data.size() && page.hasMore()) {
              page = page.nextPage();
              index = 0;
            }
            return index < page.data.size();
          }

          @Override
          public T next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return page.data.get(index++);
          }
        };
  }

  /** {@link #autoPagingIterable()} as a sequential stream. */
  public Stream<T> autoPagingStream() {
    return StreamSupport.stream(autoPagingIterable().spliterator(), false);
  }

  @Override
  public String toString() {
    return "Page[data=" + data + ", nextCursor=" + nextCursor + "]";
  }
}

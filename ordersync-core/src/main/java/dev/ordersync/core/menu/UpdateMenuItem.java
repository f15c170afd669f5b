package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The owner changes an item. Fields left out stay as they are; {@code categoryId}, {@code
 * description}, {@code imageUrl} and {@code stock} can also be cleared, so they are given as {@link
 * Optional}s inside a nullable field: null = leave, empty = clear. Orders already placed keep the
 * name and price they were placed with.
 */
public final class UpdateMenuItem {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public UpdateMenuItem(Menus menus, StaffAccess access, UnitOfWork unitOfWork, Clock clock) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * The changes, each checked as a new item's would be (texts kept stripped); {@code
   * expectedVersion} may be null, and when given a stale version is a {@code version_conflict}.
   */
  @SuppressWarnings({"OptionalUsedAsFieldOrParameterType", "OptionalAssignedToNull"})
  public record Command(
      UUID itemId,
      String name,
      Won price,
      Optional<UUID> categoryId,
      Optional<String> description,
      Optional<String> imageUrl,
      Boolean available,
      Optional<Integer> stock,
      Long expectedVersion) {
    public Command {
      Objects.requireNonNull(itemId, "itemId");
      List<FieldError> errors = new ArrayList<>();
      name = name == null ? null : MenuRules.name(name, errors);
      if (price != null) {
        MenuRules.price(price.amount(), errors);
      }
      description =
          description == null
              ? null
              : Optional.ofNullable(MenuRules.description(description.orElse(null), errors));
      stock =
          stock == null ? null : Optional.ofNullable(MenuRules.stock(stock.orElse(null), errors));
      imageUrl =
          imageUrl == null
              ? null
              : Optional.ofNullable(MenuRules.imageUrl(imageUrl.orElse(null), errors));
      DomainException.Invalid.throwIfAny(errors);
    }

    /** Changes that leave the picture as it is. */
    public Command(
        UUID itemId,
        String name,
        Won price,
        Optional<UUID> categoryId,
        Optional<String> description,
        Boolean available,
        Optional<Integer> stock,
        Long expectedVersion) {
      this(itemId, name, price, categoryId, description, null, available, stock, expectedVersion);
    }

    /** The command from the plain values a client sends, every bad one named. */
    public static Command from(
        UUID itemId,
        String name,
        Long price,
        Optional<UUID> categoryId,
        Optional<String> description,
        Optional<String> imageUrl,
        Boolean available,
        Optional<Integer> stock,
        Long expectedVersion) {
      List<FieldError> errors = new ArrayList<>();
      if (name != null) {
        MenuRules.name(name, errors);
      }
      Won won = price == null ? null : MenuRules.price(price, errors);
      if (description != null) {
        MenuRules.description(description.orElse(null), errors);
      }
      if (stock != null) {
        MenuRules.stock(stock.orElse(null), errors);
      }
      if (imageUrl != null) {
        MenuRules.imageUrl(imageUrl.orElse(null), errors);
      }
      DomainException.Invalid.throwIfAny(errors);
      return new Command(
          itemId, name, won, categoryId, description, imageUrl, available, stock, expectedVersion);
    }
  }

  /**
   * Refuses a caller who may not change this item, exactly as {@link #handle} would (401, 403, or
   * 404 for what is not theirs), before the request's input is read or validated; raises no tenant
   * wall.
   */
  public void authorize(Caller caller, UUID itemId) {
    unitOfWork.run(
        () ->
            menus
                .item(access.checkOwner(caller), itemId)
                .orElseThrow(() -> new DomainException.NotFound("menu item")));
  }

  public MenuItem handle(Caller caller, Command c) {
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          MenuItem current =
              menus
                  .item(restaurantId, c.itemId())
                  .orElseThrow(() -> new DomainException.NotFound("menu item"));
          if (c.expectedVersion() != null && c.expectedVersion() != current.version()) {
            throw new DomainException.Conflict(
                "version_conflict",
                "the item was changed by someone else (now version " + current.version() + ")");
          }
          MenuItem changed = changed(current, c);
          if (changed.categoryId() != null
              && !changed.categoryId().equals(current.categoryId())
              && menus.category(restaurantId, changed.categoryId()).isEmpty()) {
            throw new DomainException.RuleViolated(
                "category_not_found",
                "no such category on this restaurant's menu",
                new FieldError("category_id", "does not exist"));
          }
          menus.updateItem(changed);
          return changed;
        });
  }

  private MenuItem changed(MenuItem current, Command c) {
    return new MenuItem(
        current.id(),
        current.restaurantId(),
        c.categoryId() == null ? current.categoryId() : c.categoryId().orElse(null),
        c.name() == null ? current.name() : c.name(),
        c.description() == null ? current.description() : c.description().orElse(null),
        c.imageUrl() == null ? current.imageUrl() : c.imageUrl().orElse(null),
        c.price() == null ? current.price() : c.price(),
        c.available() == null ? current.available() : c.available(),
        c.stock() == null ? current.stock() : c.stock().orElse(null),
        current.version() + 1,
        current.createdAt(),
        clock.instant());
  }
}

package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The owner adds an item to the menu. */
public final class CreateMenuItem {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public CreateMenuItem(Menus menus, StaffAccess access, UnitOfWork unitOfWork, Clock clock) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * A new item; texts are kept stripped.
   *
   * @param price at most ten million won
   * @param categoryId may be null
   * @param description may be null
   * @param imageUrl an http(s) URL, or null
   * @param stock how many there are, or null when the restaurant does not count this item
   */
  public record Command(
      String name,
      Won price,
      UUID categoryId,
      String description,
      String imageUrl,
      boolean available,
      Integer stock) {
    public Command {
      List<FieldError> errors = new ArrayList<>();
      name = MenuRules.name(name, errors);
      MenuRules.price(price == null ? null : price.amount(), errors);
      description = MenuRules.description(description, errors);
      imageUrl = MenuRules.imageUrl(imageUrl, errors);
      stock = MenuRules.stock(stock, errors);
      DomainException.Invalid.throwIfAny(errors);
    }

    /** An item without a picture. */
    public Command(
        String name,
        Won price,
        UUID categoryId,
        String description,
        boolean available,
        Integer stock) {
      this(name, price, categoryId, description, null, available, stock);
    }

    /**
     * The command from the plain values a client sends, every bad one named: only {@code name} and
     * {@code price} are required, {@code available} null is true.
     */
    public static Command from(
        String name,
        Long price,
        UUID categoryId,
        String description,
        String imageUrl,
        Boolean available,
        Integer stock) {
      List<FieldError> errors = new ArrayList<>();
      MenuRules.name(name, errors);
      Won won = MenuRules.price(price, errors);
      MenuRules.description(description, errors);
      MenuRules.imageUrl(imageUrl, errors);
      MenuRules.stock(stock, errors);
      DomainException.Invalid.throwIfAny(errors);
      return new Command(
          name, won, categoryId, description, imageUrl, available == null || available, stock);
    }
  }

  /**
   * Refuses a caller who may not add an item, exactly as {@link #handle} would (401, 403, or 404
   * for what is not theirs), before the request's input is read or validated; raises no tenant
   * wall.
   */
  public void authorize(Caller caller) {
    unitOfWork.run(() -> access.checkOwner(caller));
  }

  public MenuItem handle(Caller caller, Command command) {
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          if (command.categoryId() != null
              && menus.category(restaurantId, command.categoryId()).isEmpty()) {
            throw new DomainException.RuleViolated(
                "category_not_found",
                "no such category on this restaurant's menu",
                new FieldError("category_id", "does not exist"));
          }
          Instant now = clock.instant();
          MenuItem item =
              new MenuItem(
                  Ids.newId(clock),
                  restaurantId,
                  command.categoryId(),
                  command.name(),
                  command.description(),
                  command.imageUrl(),
                  command.price(),
                  command.available(),
                  command.stock(),
                  1,
                  now,
                  now);
          menus.addItem(item);
          return item;
        });
  }
}

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
   * Only {@code name} and {@code price} are required; {@code available} defaults to true, {@code
   * stock} to not counted.
   */
  public record Command(
      String name,
      Long price,
      UUID categoryId,
      String description,
      String imageUrl,
      Boolean available,
      Integer stock) {
    public Command(
        String name,
        Long price,
        UUID categoryId,
        String description,
        Boolean available,
        Integer stock) {
      this(name, price, categoryId, description, null, available, stock);
    }
  }

  public MenuItem handle(Caller caller, Command command) {
    List<FieldError> errors = new ArrayList<>();
    String name = MenuRules.name(command.name(), errors);
    Won price = MenuRules.price(command.price(), errors);
    String description = MenuRules.description(command.description(), errors);
    String imageUrl = MenuRules.imageUrl(command.imageUrl(), errors);
    Integer stock = MenuRules.stock(command.stock(), errors);
    MenuRules.throwIfAny(errors);
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
                  name,
                  description,
                  imageUrl,
                  price,
                  command.available() == null || command.available(),
                  stock,
                  1,
                  now,
                  now);
          menus.addItem(item);
          return item;
        });
  }
}

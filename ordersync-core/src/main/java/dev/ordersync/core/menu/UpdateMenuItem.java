package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The owner changes an item. Fields left out stay as they are; {@code categoryId}, {@code
 * description} and {@code stock} can also be cleared, so they are given as {@link Optional}s inside
 * a nullable field: null = leave, empty = clear. Orders already placed keep the name and price they
 * were placed with.
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

  @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
  public record Command(
      UUID itemId,
      String name,
      Long price,
      Optional<UUID> categoryId,
      Optional<String> description,
      Optional<String> imageUrl,
      Boolean available,
      Optional<Integer> stock,
      Long expectedVersion) {
    public Command(
        UUID itemId,
        String name,
        Long price,
        Optional<UUID> categoryId,
        Optional<String> description,
        Boolean available,
        Optional<Integer> stock,
        Long expectedVersion) {
      this(itemId, name, price, categoryId, description, null, available, stock, expectedVersion);
    }
  }

  @SuppressWarnings("OptionalAssignedToNull")
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
          List<FieldError> errors = new ArrayList<>();
          var name = c.name() == null ? current.name() : MenuRules.name(c.name(), errors);
          var price = c.price() == null ? current.price() : MenuRules.price(c.price(), errors);
          var description =
              c.description() == null
                  ? current.description()
                  : MenuRules.description(c.description().orElse(null), errors);
          var stock =
              c.stock() == null ? current.stock() : MenuRules.stock(c.stock().orElse(null), errors);
          UUID categoryId =
              c.categoryId() == null ? current.categoryId() : c.categoryId().orElse(null);
          var imageUrl =
              c.imageUrl() == null
                  ? current.imageUrl()
                  : MenuRules.imageUrl(c.imageUrl().orElse(null), errors);
          MenuRules.throwIfAny(errors);
          if (categoryId != null
              && !categoryId.equals(current.categoryId())
              && menus.category(restaurantId, categoryId).isEmpty()) {
            throw new DomainException.RuleViolated(
                "category_not_found",
                "no such category on this restaurant's menu",
                new FieldError("category_id", "does not exist"));
          }
          MenuItem changed =
              new MenuItem(
                  current.id(),
                  restaurantId,
                  categoryId,
                  name,
                  description,
                  imageUrl,
                  price,
                  c.available() == null ? current.available() : c.available(),
                  stock,
                  current.version() + 1,
                  current.createdAt(),
                  clock.instant());
          menus.updateItem(changed);
          return changed;
        });
  }
}

package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The kitchen marks an item sold out or back, or counts what is left: the one menu change STAFF may
 * make as well as the owner, since it is theirs to make during service. Only {@code available} and
 * {@code stock}; everything else about an item stays the owner's ({@link UpdateMenuItem}).
 */
public final class SetItemAvailability {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public SetItemAvailability(Menus menus, StaffAccess access, UnitOfWork unitOfWork, Clock clock) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * @param available null to keep
   * @param stock null to keep; empty for not counted; else 0 to {@link MenuItem#MAX_STOCK}
   * @param expectedVersion null, or the version the change is based on ({@code version_conflict}
   *     when stale)
   */
  @SuppressWarnings({"OptionalUsedAsFieldOrParameterType", "OptionalAssignedToNull"})
  public record Command(
      UUID itemId, Boolean available, Optional<Integer> stock, Long expectedVersion) {
    public Command {
      Objects.requireNonNull(itemId, "itemId");
      List<FieldError> errors = new ArrayList<>();
      if (stock != null) {
        MenuRules.stock(stock.orElse(null), errors);
      }
      DomainException.Invalid.throwIfAny(errors);
    }
  }

  /**
   * Refuses a caller who may not change this item's availability, exactly as {@link #handle} would
   * (401, 403, or 404 for what is not theirs), before the request's input is read.
   */
  public void authorize(Caller caller, UUID itemId) {
    unitOfWork.run(
        () ->
            menus
                .item(access.checkStaff(caller), itemId)
                .orElseThrow(() -> new DomainException.NotFound("menu item")));
  }

  public MenuItem handle(Caller caller, Command c) {
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireStaff(caller);
          MenuItem current =
              menus
                  .item(restaurantId, c.itemId())
                  .orElseThrow(() -> new DomainException.NotFound("menu item"));
          if (c.expectedVersion() != null && c.expectedVersion() != current.version()) {
            throw new DomainException.Conflict(
                "version_conflict",
                "the item was changed by someone else (now version " + current.version() + ")");
          }
          MenuItem changed =
              new MenuItem(
                  current.id(),
                  current.restaurantId(),
                  current.categoryId(),
                  current.name(),
                  current.description(),
                  current.imageUrl(),
                  current.price(),
                  c.available() == null ? current.available() : c.available(),
                  c.stock() == null ? current.stock() : c.stock().orElse(null),
                  current.version() + 1,
                  current.createdAt(),
                  clock.instant());
          menus.updateItem(changed);
          return changed;
        });
  }
}

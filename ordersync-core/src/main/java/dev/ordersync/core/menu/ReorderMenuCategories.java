package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The owner puts every category in a new order at once: positions become 0, 1, 2... in the order
 * given, all in one unit of work. The list must name each of the restaurant's categories exactly
 * once, so that a screen showing a stale list cannot lose or duplicate a place.
 */
public final class ReorderMenuCategories {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public ReorderMenuCategories(Menus menus, StaffAccess access, UnitOfWork unitOfWork) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  /** The categories' ids, first first; none twice. */
  public record Command(List<UUID> ids) {
    public Command {
      if (ids == null) {
        throw new DomainException.Invalid("ids", "is required");
      }
      if (ids.contains(null)) {
        throw new DomainException.Invalid("ids", "must be category ids");
      }
      ids = List.copyOf(ids);
      if (new HashSet<>(ids).size() != ids.size()) {
        throw new DomainException.Invalid("ids", "names a category more than once");
      }
    }
  }

  /** Refuses a caller who may not reorder, before the request's input is read. */
  public void authorize(Caller caller) {
    unitOfWork.run(() -> access.checkOwner(caller));
  }

  /** The categories in their new order. */
  public List<MenuCategory> handle(Caller caller, Command c) {
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          List<MenuCategory> current = menus.categories(restaurantId);
          Set<UUID> known = current.stream().map(MenuCategory::id).collect(Collectors.toSet());
          if (!known.equals(Set.copyOf(c.ids()))) {
            throw new DomainException.Invalid(
                List.of(
                    new FieldError(
                        "ids",
                        "must name each of the restaurant's "
                            + known.size()
                            + " categories exactly once")));
          }
          var byId = current.stream().collect(Collectors.toMap(MenuCategory::id, m -> m));
          List<MenuCategory> ordered = new java.util.ArrayList<>();
          for (int i = 0; i < c.ids().size(); i++) {
            MenuCategory was = byId.get(c.ids().get(i));
            MenuCategory now = new MenuCategory(was.id(), restaurantId, was.name(), i);
            if (now.position() != was.position()) {
              menus.updateCategory(now);
            }
            ordered.add(now);
          }
          return List.copyOf(ordered);
        });
  }
}

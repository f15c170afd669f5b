package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.User;
import dev.ordersync.core.user.Users;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The owner lists the restaurant's people, removes one, or changes one's role (OWNER or STAFF). A
 * restaurant always keeps at least one owner. A removed member loses access at their next request:
 * membership is read on every call.
 */
public final class ManageStaff {
  private final Users users;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final PersonalDataAccessLog reads;

  public ManageStaff(
      Users users, StaffAccess access, UnitOfWork unitOfWork, PersonalDataAccessLog reads) {
    this.users = users;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.reads = reads;
  }

  /** A member with their account. */
  public record Member(User user, Role role) {}

  public List<Member> list(Caller caller) {
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          List<Member> members =
              users.members(restaurantId).stream()
                  .map(m -> new Member(users.byId(m.userId()).orElseThrow(), m.role()))
                  .toList();
          recordRead(caller, members);
          return members;
        });
  }

  /** The owner's read of the other members' names and emails is recorded; their own is not. */
  private void recordRead(Caller caller, List<Member> members) {
    if (!(caller instanceof Caller.SignedIn reader)) {
      return;
    }
    List<String> others =
        members.stream()
            .map(m -> m.user().id())
            .filter(id -> !id.equals(reader.userId()))
            .map(PersonalDataAccess::user)
            .toList();
    if (!others.isEmpty()) {
      reads.record(
          PersonalDataAccess.by(
              reader,
              "staff_list",
              others,
              List.of(PersonalDataAccess.NAME, PersonalDataAccess.EMAIL)));
    }
  }

  public void remove(Caller caller, UUID userId) {
    unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          Membership m = membership(restaurantId, userId);
          if (m.role() == Role.OWNER && users.owners(restaurantId).size() == 1) {
            throw new DomainException.Conflict(
                "last_owner", "a restaurant keeps at least one owner");
          }
          users.removeMembership(userId, restaurantId);
          return null;
        });
  }

  /** A member's new role in the restaurant: OWNER or STAFF. */
  public record RoleChange(UUID userId, Role role) {
    public RoleChange {
      Objects.requireNonNull(userId, "userId");
      if (role != Role.OWNER && role != Role.STAFF) {
        throw new DomainException.Invalid("role", "must be OWNER or STAFF");
      }
    }

    /** The change from the role's name as a client sends it. */
    public static RoleChange from(UUID userId, String role) {
      Role parsed;
      try {
        parsed = Role.parse(role);
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
      return new RoleChange(userId, parsed);
    }
  }

  /**
   * Refuses a caller who may not change this member's role, exactly as {@link #changeRole} would
   * (401, 403, or 404 for what is not theirs), before the request's input is read or validated;
   * raises no tenant wall.
   */
  public void authorizeChange(Caller caller, UUID userId) {
    unitOfWork.run(() -> membership(access.checkOwner(caller), userId));
  }

  public Member changeRole(Caller caller, RoleChange change) {
    UUID userId = change.userId();
    Role newRole = change.role();
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          Membership m = membership(restaurantId, userId);
          if (m.role() == Role.OWNER
              && newRole == Role.STAFF
              && users.owners(restaurantId).size() == 1) {
            throw new DomainException.Conflict(
                "last_owner", "a restaurant keeps at least one owner");
          }
          User user = users.byId(userId).orElseThrow();
          if (newRole == Role.OWNER && user.role() != Role.OWNER && user.role() != Role.STAFF) {
            throw new DomainException.RuleViolated(
                "not_a_staff_account", "a customer account cannot run a restaurant");
          }
          users.addMembership(new Membership(restaurantId, userId, newRole));
          return new Member(user, newRole);
        });
  }

  private Membership membership(UUID restaurantId, UUID userId) {
    return users
        .membership(userId, restaurantId)
        .orElseThrow(() -> new DomainException.NotFound("member"));
  }
}

package org.imgate.core;

/**
 * One party to a conversation: the network handle as seen on the wire (an MSN sign-in name, a bare
 * XMPP JID) and, once the employee directory maps it, the employee behind it.
 *
 * @param handle   the handle as carried by the protocol, never blank
 * @param employee the employee id the handle belongs to, or {@code null} while unknown
 */
public record Participant(String handle, String employee) {
    public Participant {
        Checks.notBlank(handle, "handle");
        if (employee != null && employee.isBlank()) {
            throw new IllegalArgumentException("employee must be null or non-blank");
        }
    }

    /** A participant whose employee is not (yet) known. */
    public static Participant of(String handle) {
        return new Participant(handle, null);
    }

    /** This participant attributed to an employee. */
    public Participant withEmployee(String employeeId) {
        return new Participant(handle, employeeId);
    }
}

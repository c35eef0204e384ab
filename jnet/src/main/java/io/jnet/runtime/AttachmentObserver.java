package io.jnet.runtime;

import java.util.List;

/**
 * What follows the attachments (the DNS resolver does): asked before an attach whether it can follow it, told
 * after it, and told whenever attachments went (detach, gc, a rolled-back attach). The default does nothing.
 */
public interface AttachmentObserver {
    AttachmentObserver NONE = new AttachmentObserver() { };

    /** Refuses (with a JnetException) what it cannot follow, before anything is changed. */
    default void beforeAttach(Networks.Loaded network, Attachments.Request request, List<String> aliases) { }

    /** After a successful ADD; a JnetException here rolls the attach back. */
    default void attached(Networks.Loaded network, AttachmentView attachment, List<String> aliases) { }

    /** After attachments went away. */
    default void changed() { }
}

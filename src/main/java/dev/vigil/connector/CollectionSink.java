package dev.vigil.connector;

/** Receives what a {@link Collector} observes, and its progress. Implemented by the platform. */
public interface CollectionSink {

    /** Reports one resource. Reporting the same (type, external id) twice in a run keeps the last. */
    void accept(ObservedResource resource);

    /** Optional progress note shown live in the run view, for example "reading sshd settings". */
    default void progress(String step) {}
}

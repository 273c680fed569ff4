package dev.tally.worker.ledger;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;

/** The stored outcome of any decided command id, as first published ({@code replay == false}), for the read API. */
@Component
public class Outcomes {

    private final Journal journal;

    Outcomes(Journal journal) {
        this.journal = journal;
    }

    public Optional<Result> find(CommandId id) {
        StoredDecision stored = journal.find(List.of(id)).get(id);
        return stored == null ? Optional.empty() : Optional.of(stored.result());
    }
}

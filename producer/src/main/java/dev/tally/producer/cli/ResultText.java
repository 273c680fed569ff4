package dev.tally.producer.cli;

import java.nio.charset.StandardCharsets;

import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.CommandType;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.Result;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.WireCodec;

/** How the CLI prints a result: one human-readable line, or the contract's JSON. */
final class ResultText {

    private ResultText() {
    }

    static String json(Result result) {
        return new String(WireCodec.encodeResult(result), StandardCharsets.UTF_8);
    }

    static String of(Result result, boolean json) {
        return json ? json(result) : human(result);
    }

    static String human(Result result) {
        StringBuilder line = new StringBuilder();
        line.append(String.format("%-8s %-12s %s", result.status(), result.type().wireName(), result.id()));
        if (result instanceof TransferResult t && t.debitAccountId() != null) {
            line.append("  ").append(t.debitAccountId()).append(" -> ").append(t.creditAccountId())
                    .append("  ").append(t.amount()).append(' ').append(t.currency());
            if (t.applied() && t.pending()) {
                line.append("  held ").append(t.expiresAt() == null ? "until posted or voided (no expiry)"
                        : "until " + t.expiresAt());
            } else if (t.applied()) {
                line.append("  balances after: ").append(t.debitAccountId()).append(' ').append(t.debitBalance())
                        .append(", ").append(t.creditAccountId()).append(' ').append(t.creditBalance());
            }
        } else if (result instanceof OpenAccountResult o && o.accountId() != null) {
            line.append("  ").append(o.accountId()).append(' ').append(o.currency()).append(' ')
                    .append(Boolean.TRUE.equals(o.unbounded()) ? "unbounded (funding)"
                            : "overdraft limit " + o.overdraftLimit());
        } else if (result instanceof PendingResolutionResult p && p.pendingId() != null) {
            line.append("  pending ").append(p.pendingId());
            if (p.debitAccountId() != null) {
                line.append("  ").append(p.debitAccountId()).append(" -> ").append(p.creditAccountId());
            }
            if (p.applied()) {
                line.append(p.type() == CommandType.POST_PENDING ? "  moved " : "  released ").append(p.amount())
                        .append(' ').append(p.currency())
                        .append("  balances after: ").append(p.debitAccountId()).append(' ').append(p.debitBalance())
                        .append(", ").append(p.creditAccountId()).append(' ').append(p.creditBalance());
            }
        } else if (result instanceof LinkedTransfersResult l) {
            if (l.applied()) {
                line.append("  ").append(l.legs().size()).append(l.legs().size() == 1 ? " leg" : " legs")
                        .append(", balances after each (debit/credit):");
                for (LinkedTransfersResult.LegBalances leg : l.legs()) {
                    line.append(' ').append(leg.debitBalance()).append('/').append(leg.creditBalance());
                }
            } else if (l.failedLeg() != null) {
                line.append("  failed leg ").append(l.failedLeg()).append(" (from 0); no leg applied");
            }
        } else if (result instanceof CloseAccountResult c && c.accountId() != null) {
            line.append("  ").append(c.accountId()).append(c.applied() ? " closed" : "");
        }
        if (!result.applied()) {
            line.append("  ").append(result.reasonCode());
            if (result.detail() != null) {
                line.append(": ").append(result.detail());
            }
        }
        if (result.replay()) {
            line.append("  (replay: decided before, at ").append(result.decidedAt()).append(')');
        }
        return line.toString();
    }
}

package dev.allocator.query.balance;

import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;
import dev.allocator.query.session.AuthenticatedSession;
import dev.allocator.query.session.SessionAuthenticator;
import dev.allocator.query.web.PathParameters;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** GET /balance/:chainId/:lockId and GET /balances. */
@RestController
class BalanceController {
    private final SessionAuthenticator sessions;
    private final Balances balances;

    BalanceController(SessionAuthenticator sessions, Balances balances) {
        this.sessions = sessions;
        this.balances = balances;
    }

    @GetMapping("/balance/{chainId}/{lockId}")
    BalanceResponse balance(
            @RequestHeader(value = SessionAuthenticator.HEADER, required = false) String token,
            @PathVariable String chainId,
            @PathVariable String lockId) {
        AuthenticatedSession session = sessions.authenticate(token);
        ChainId chain = PathParameters.chainId(chainId);
        LockId lock = PathParameters.lockId(lockId);
        Balance balance = balances.of(session.view().dsl(), session.sponsor(), chain, lock);
        return new BalanceResponse(
                balance.allocatable().toString(),
                balance.allocated().toString(),
                balance.available().toString(),
                balance.withdrawalStatus());
    }

    @GetMapping("/balances")
    BalancesResponse balances(@RequestHeader(value = SessionAuthenticator.HEADER, required = false) String token) {
        AuthenticatedSession session = sessions.authenticate(token);
        List<BalancesResponse.Entry> entries = balances.all(session.view().dsl(), session.sponsor()).stream()
                .map(one -> new BalancesResponse.Entry(
                        one.chainId().toString(),
                        one.lockId().toString(),
                        one.balance().allocatable().toString(),
                        one.balance().allocated().toString(),
                        one.balance().available().toString(),
                        one.balance().withdrawalStatus()))
                .toList();
        return new BalancesResponse(entries);
    }

    record BalanceResponse(
            String allocatableBalance,
            String allocatedBalance,
            String balanceAvailableToAllocate,
            int withdrawalStatus) {}

    record BalancesResponse(List<Entry> balances) {
        record Entry(
                String chainId,
                String lockId,
                String allocatableBalance,
                String allocatedBalance,
                String balanceAvailableToAllocate,
                int withdrawalStatus) {}
    }
}

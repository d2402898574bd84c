package io.elasticface.autoscaler.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stateful pool for tests: starts run at once, stops stop at once; calls recorded; can be told to fail. */
public final class FakeFleet implements InstanceProvider {

    private final Map<String, InstanceState> states = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private String failingCall;
    private RuntimeException failure;

    public FakeFleet(int size) {
        for (int i = 1; i <= size; i++) {
            states.put("f-" + i, InstanceState.STOPPED);
        }
    }

    /** The next call of this method ({@code list}, {@code start}, {@code stop}) throws instead. */
    public synchronized void failNext(String method, RuntimeException failure) {
        this.failingCall = method;
        this.failure = failure;
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized long count(InstanceState state) {
        return states.values().stream().filter(s -> s == state).count();
    }

    @Override
    public synchronized List<Instance> list() {
        call("list", "");
        return states.entrySet().stream().map(e -> new Instance(e.getKey(), e.getValue())).toList();
    }

    @Override
    public synchronized void start(Collection<String> ids) {
        call("start", ids.toString());
        ids.forEach(id -> states.put(id, InstanceState.RUNNING));
    }

    @Override
    public synchronized void stop(Collection<String> ids) {
        call("stop", ids.toString());
        ids.forEach(id -> states.put(id, InstanceState.STOPPED));
    }

    private void call(String method, String args) {
        calls.add((method + " " + args).strip());
        if (method.equals(failingCall)) {
            RuntimeException e = failure;
            failingCall = null;
            failure = null;
            throw e;
        }
    }
}

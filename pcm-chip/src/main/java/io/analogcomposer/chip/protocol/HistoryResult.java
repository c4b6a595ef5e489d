package io.analogcomposer.chip.protocol;

import java.util.List;

/** One entry per requested address, in request order. */
public record HistoryResult(List<DeviceHistory> devices) {

    public HistoryResult {
        devices = List.copyOf(devices);
    }
}

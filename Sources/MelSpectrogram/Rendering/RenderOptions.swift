/// Everything a render needs to know besides its inputs.
public struct RenderOptions: Sendable {
    /// Seed-exact or fixed behaviour.
    public var mode: RenderMode
    /// Files written per window.
    public var formats: OutputFormats
    /// The DSP recipe (the mode's padding unless set otherwise).
    public var parameters: SpectrogramParameters
    /// Decoder limits.
    public var limits: DecodeLimits
    /// Window length and step.
    public var windowPlan: WindowPlan

    /// Options for `mode` with the seed's DSP constants and windows.
    public init(
        mode: RenderMode = .standard, formats: OutputFormats = .png, parameters: SpectrogramParameters? = nil,
        limits: DecodeLimits = DecodeLimits(), windowPlan: WindowPlan? = nil
    ) {
        self.mode = mode
        self.formats = formats
        let parameters = parameters ?? .forMode(mode)
        self.parameters = parameters
        self.limits = limits
        self.windowPlan = windowPlan
            ?? WindowPlan(hopLength: parameters.hopLength, sampleRate: parameters.sampleRate)
    }
}

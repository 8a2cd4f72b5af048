import QuartierModel
import Testing

/// `FailureKind`, `QuartierFailure` and `ContextError`: the kind survives any number of wrappers, the message
/// reads from the outside in, and the typed error stays reachable.
@Suite("ContextError")
struct ContextErrorTests {
    /// A typed error of a given kind, standing for any of the project's error types.
    struct Sample: QuartierFailure, Equatable {
        var kind: FailureKind
        var code: String
        var description: String { "sample \(code)" }
    }

    /// Not a `QuartierFailure`: an error nobody classified.
    struct Unclassified: Error {}

    @Test(arguments: FailureKind.allCases)
    func kindSurvivesWrapping(kind: FailureKind) {
        let wrapped = Sample(kind: kind, code: "x").withContext("inner").withContext("outer")
        #expect(wrapped.kind == kind)
        #expect(FailureKind(of: wrapped) == kind)
    }

    @Test func exitCodesAndStatuses() {
        #expect(FailureKind.badInput.exitCode == 1 && FailureKind.badInput.httpStatus == 400)
        #expect(FailureKind.internalFailure.exitCode == 2 && FailureKind.internalFailure.httpStatus == 500)
    }

    @Test func unclassifiedErrorsAreInternal() {
        #expect(FailureKind(of: Unclassified()) == .internalFailure)
        #expect(ContextError(context: "reading x", underlying: Unclassified()).kind == .internalFailure)
    }

    @Test func descriptionReadsFromTheOutsideIn() {
        let error = ContextError(
            context: "[[join]] of 'schools' (analysis.toml:12)",
            underlying: ContextError(context: "table 'a.csv'", underlying: Sample(kind: .badInput, code: "dup")))
        #expect(error.description == "[[join]] of 'schools' (analysis.toml:12): table 'a.csv': sample dup")
        #expect(ContextError(context: "", underlying: Sample(kind: .badInput, code: "y")).description == "sample y")
    }

    @Test func typedErrorStaysReachable() {
        let sample = Sample(kind: .badInput, code: "dup")
        let error: any Error = sample.withContext("a").withContext("b")
        #expect(error.unwrapped(as: Sample.self) == sample)
        #expect((error as? ContextError)?.underlying(as: Sample.self) == sample)
        #expect(error.rootError as? Sample == sample)
        #expect(error.unwrapped(as: Unclassified.self) == nil)
        #expect(sample.unwrapped(as: Sample.self) == sample)
    }

    @Test func kindCanBeOverridden() {
        let error = Sample(kind: .badInput, code: "corrupt").withContext("published file", kind: .internalFailure)
        #expect(error.kind == .internalFailure)
        #expect(error.withContext("request").kind == .internalFailure)
    }

    @Test func addingWrapsOnlyWhatIsThrown() throws {
        let value = try ContextError.adding("never used") { 42 }
        #expect(value == 42)
        #expect {
            try ContextError.adding("[outputs] 'x'") { throw Sample(kind: .badInput, code: "z") }
        } throws: { error in
            (error as? ContextError)?.description == "[outputs] 'x': sample z"
                && (error as? ContextError)?.kind == .badInput
        }
    }

    @Test func addingWrapsAsynchronousErrors() async throws {
        await #expect {
            try await ContextError.adding("job 1", kind: .internalFailure) {
                try await Task.sleep(for: .zero)
                throw Sample(kind: .badInput, code: "a")
            }
        } throws: { error in
            (error as? ContextError)?.kind == .internalFailure && "\(error)" == "job 1: sample a"
        }
    }
}

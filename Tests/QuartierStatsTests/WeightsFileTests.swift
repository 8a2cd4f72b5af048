import QuartierModel
import QuartierStats
import Testing

@Suite("WeightsFile")
struct WeightsFileTests {
    static let small = try? SpatialWeights(
        ids: ["01", "02", "03", "04"], neighbors: [[1, 2], [0], [0], []], weights: [[0.25, 1e-9], [3], [0.5], []])

    /// The error that `body` throws, nil when it throws nothing or something else.
    static func failure(_ body: () throws -> SpatialWeights) -> WeightsError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? WeightsError
        }
    }

    @Test func galRoundTrip() throws {
        let w = try #require(Self.small).binary()
        let text = WeightsFile.writeGAL(w, keyName: "PLR_ID", layerName: "planungsraeume_2021")
        #expect(text == "0 4 planungsraeume_2021 PLR_ID\n01 2\n02 03\n02 1\n01\n03 1\n01\n04 0\n\n")
        let back = try WeightsFile.readGAL(text, ids: nil)
        #expect(back.ids == w.ids && back.offsets == w.offsets && back.neighbors == w.neighbors)
        #expect(back.weights == w.weights)
        // Rows follow the given ids, whatever the file's order.
        let reordered = try WeightsFile.readGAL(text, ids: ["04", "03", "02", "01"])
        #expect(Array(reordered.neighbors(of: 3)) == [2, 1])
        #expect(reordered.islands == [0])
    }

    @Test func gwtRoundTrip() throws {
        let w = try #require(Self.small)
        let text = WeightsFile.writeGWT(w, keyName: "PLR_ID")
        #expect(text.hasPrefix("0 4 quartier PLR_ID\n01 02 0.25\n01 03 1e-09\n"))
        let back = try WeightsFile.readGWT(text, ids: w.ids)
        #expect(back == w)
        // Without ids the island "04" cannot be known.
        #expect(Self.failure { try WeightsFile.readGWT(text, ids: nil) }?.code == .missingRecord)
    }

    /// libpysal's GAL (header `n`) and our GWT of Berlin's weights read back to the same matrices.
    @Test func berlinFilesRoundTrip() throws {
        let berlin = try #require(BerlinGeometryFixture.shared)
        for name in ["queen.gal", "rook.gal", "knn6.gal", "distance_band_min.gal"] {
            let w = try berlin.libpysal(name)
            #expect(try WeightsFile.readGAL(WeightsFile.writeGAL(w, keyName: "PLR_ID"), ids: nil) == w)
        }
        for name in ["kernel_gaussian_adaptive_k8.gwt", "kernel_quartic_fixed_2000.gwt"] {
            let w = try berlin.libpysal(name)
            #expect(try WeightsFile.readGWT(WeightsFile.writeGWT(w, keyName: "PLR_ID"), ids: w.ids) == w)
        }
    }

    @Test func galErrorsNameTheLine() {
        let ids = ["a", "b", "c"]
        let cases: [(String, WeightsError.Code, Int?)] = [
            ("3\na 1\nb\nb 1\nz\nc 0\n\n", .unknownID, 5),
            ("3\na 1\nb\nx 1\na\nc 0\n\n", .unknownID, 4),
            ("3\na 2\nb\nb 1\na\nc 0\n\n", .malformedLine, 3),
            ("3\na one\nb\n", .malformedLine, 2),
            ("three\n", .malformedLine, 1),
            ("", .malformedLine, 1),
            ("4\na 0\n\nb 0\n\nc 0\n\n", .countMismatch, 1),
            ("3\na 1\na\nb 0\n\nc 0\n\n", .selfNeighbor, 3),
            ("3\na 2\nb b\nb 0\n\nc 0\n\n", .duplicateID, 3),
            ("3\na 0\n\nb 0\n\na 0\n\n", .duplicateID, 6),
        ]
        for (text, code, line) in cases {
            let error = Self.failure { try WeightsFile.readGAL(text, ids: ids) }
            #expect(error?.code == code, "\(text.debugDescription)")
            #expect(error?.line == line, "\(text.debugDescription)")
        }
        let error = Self.failure { try WeightsFile.readGAL("3\na 1\nb\nb 1\nz\nc 0\n\n", ids: ids) }
        #expect(error?.description == "line 5: neighbour 'z' is not an area of this file or of the given ids")
        // Without ids, neighbours must be areas of the file.
        #expect(Self.failure { try WeightsFile.readGAL("2\na 1\nq\nb 0\n", ids: nil) }?.line == 3)
    }

    @Test func gwtErrorsNameTheLine() {
        let ids = ["a", "b"]
        let cases: [(String, WeightsError.Code, Int?)] = [
            ("0 2 layer key\na b 1\nb a\n", .malformedLine, 3),
            ("0 2 layer key\na b x\n", .malformedLine, 2),
            ("0 2 layer key\na b -1\n", .malformedLine, 2),
            ("0 2 layer key\na b nan\n", .malformedLine, 2),
            ("0 2 layer key\na q 1\n", .unknownID, 2),
            ("0 2 layer key\na a 1\n", .selfNeighbor, 2),
            ("0 2 layer key\na b 1\n\na b 2\n", .duplicateID, 4),
        ]
        for (text, code, line) in cases {
            let error = Self.failure { try WeightsFile.readGWT(text, ids: ids) }
            #expect(error?.code == code, "\(text.debugDescription)")
            #expect(error?.line == line, "\(text.debugDescription)")
        }
    }

    @Test func crlfTabsAndWhitespaceInIDs() throws {
        let w = try WeightsFile.readGAL("0 2 layer key\r\na\t1\r\nb\r\nb 1\r\na\r\n", ids: nil)
        #expect(w.ids == ["a", "b"] && w.neighbors == [1, 0])
        let spaced = try SpatialWeights(ids: ["Alt Treptow", "b"], neighbors: [[1], [0]])
        let text = WeightsFile.writeGAL(spaced, keyName: "name with space")
        #expect(text.hasPrefix("0 2 quartier name_with_space\nAlt_Treptow 1\n"))
    }
}

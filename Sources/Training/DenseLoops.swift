/// The loops of a dense layer over one block of lanes, register-blocked: four rows by two vectors of eight lanes at a
/// time, every input row read once per four output rows. Multiply-adds are explicit fused operations (`addingProduct`)
/// and nothing else is fused or reordered, so the bits do not depend on the vector width the compiler picks.
enum DenseLoops {
    typealias Lanes = SIMD8<Double>
    static let width = Lanes.scalarCount

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }

    @inline(__always)
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// out[k·stride + l] = m[k·J]·in[0][l] + m[k·J + 1]·in[1][l] + … (+ bias[k], last) for k < rows, l < count: a
    /// layer's pre-activations (or, with the transposed matrix and no bias, the adjoints of its inputs).
    static func affine(rows: Int, inputs J: Int, matrix m: UnsafePointer<Double>, bias: UnsafePointer<Double>?,
                       input: UnsafePointer<UnsafePointer<Double>>, output: UnsafeMutablePointer<Double>,
                       stride: Int, count n: Int)
    {
        var k = 0
        while k + 4 <= rows {
            let w0 = m + k * J, w1 = w0 + J, w2 = w1 + J, w3 = w2 + J
            let o0 = output + k * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride
            var l = 0
            // Two vectors of lanes at a time: eight independent sums keep both FMA pipes busy (four would wait on
            // each one's latency). Every lane's sum is the same operations in the same order as below.
            while l + 2 * width <= n {
                var h = load(input[0] + l), g = load(input[0] + l + width)
                var z0 = w0[0] * h, z1 = w1[0] * h, z2 = w2[0] * h, z3 = w3[0] * h
                var y0 = w0[0] * g, y1 = w1[0] * g, y2 = w2[0] * g, y3 = w3[0] * g
                var j = 1
                while j < J {
                    h = load(input[j] + l)
                    g = load(input[j] + l + width)
                    z0 = z0.addingProduct(w0[j], h)
                    z1 = z1.addingProduct(w1[j], h)
                    z2 = z2.addingProduct(w2[j], h)
                    z3 = z3.addingProduct(w3[j], h)
                    y0 = y0.addingProduct(w0[j], g)
                    y1 = y1.addingProduct(w1[j], g)
                    y2 = y2.addingProduct(w2[j], g)
                    y3 = y3.addingProduct(w3[j], g)
                    j += 1
                }
                if let bias {
                    z0 += bias[k]
                    z1 += bias[k + 1]
                    z2 += bias[k + 2]
                    z3 += bias[k + 3]
                    y0 += bias[k]
                    y1 += bias[k + 1]
                    y2 += bias[k + 2]
                    y3 += bias[k + 3]
                }
                store(z0, o0 + l)
                store(z1, o1 + l)
                store(z2, o2 + l)
                store(z3, o3 + l)
                store(y0, o0 + l + width)
                store(y1, o1 + l + width)
                store(y2, o2 + l + width)
                store(y3, o3 + l + width)
                l += 2 * width
            }
            while l + width <= n {
                var h = load(input[0] + l)
                var z0 = w0[0] * h, z1 = w1[0] * h, z2 = w2[0] * h, z3 = w3[0] * h
                var j = 1
                while j < J {
                    h = load(input[j] + l)
                    z0 = z0.addingProduct(w0[j], h)
                    z1 = z1.addingProduct(w1[j], h)
                    z2 = z2.addingProduct(w2[j], h)
                    z3 = z3.addingProduct(w3[j], h)
                    j += 1
                }
                if let bias {
                    z0 += bias[k]
                    z1 += bias[k + 1]
                    z2 += bias[k + 2]
                    z3 += bias[k + 3]
                }
                store(z0, o0 + l)
                store(z1, o1 + l)
                store(z2, o2 + l)
                store(z3, o3 + l)
                l += width
            }
            while l < n {
                o0[l] = row(w0, J, input, l, bias.map { $0[k] })
                o1[l] = row(w1, J, input, l, bias.map { $0[k + 1] })
                o2[l] = row(w2, J, input, l, bias.map { $0[k + 2] })
                o3[l] = row(w3, J, input, l, bias.map { $0[k + 3] })
                l += 1
            }
            k += 4
        }
        while k < rows {
            let w = m + k * J, o = output + k * stride
            var l = 0
            // A lone row (a network's output) as four independent sums over four vectors of lanes.
            while l + 4 * width <= n {
                var z0 = w[0] * load(input[0] + l), z1 = w[0] * load(input[0] + l + width)
                var z2 = w[0] * load(input[0] + l + 2 * width), z3 = w[0] * load(input[0] + l + 3 * width)
                var j = 1
                while j < J {
                    let p = input[j] + l
                    z0 = z0.addingProduct(w[j], load(p))
                    z1 = z1.addingProduct(w[j], load(p + width))
                    z2 = z2.addingProduct(w[j], load(p + 2 * width))
                    z3 = z3.addingProduct(w[j], load(p + 3 * width))
                    j += 1
                }
                if let bias {
                    z0 += bias[k]
                    z1 += bias[k]
                    z2 += bias[k]
                    z3 += bias[k]
                }
                store(z0, o + l)
                store(z1, o + l + width)
                store(z2, o + l + 2 * width)
                store(z3, o + l + 3 * width)
                l += 4 * width
            }
            while l + width <= n {
                var z = w[0] * load(input[0] + l)
                var j = 1
                while j < J {
                    z = z.addingProduct(w[j], load(input[j] + l))
                    j += 1
                }
                if let bias { z += bias[k] }
                store(z, o + l)
                l += width
            }
            while l < n {
                o[l] = row(w, J, input, l, bias.map { $0[k] })
                l += 1
            }
            k += 1
        }
    }

    /// One lane of one row of `affine`, in the same order.
    @inline(__always)
    private static func row(_ w: UnsafePointer<Double>, _ J: Int, _ input: UnsafePointer<UnsafePointer<Double>>,
                            _ l: Int, _ bias: Double?) -> Double
    {
        var z = w[0] * input[0][l]
        var j = 1
        while j < J {
            z = z.addingProduct(w[j], input[j][l])
            j += 1
        }
        if let bias { z += bias }
        return z
    }

    /// dst[k·J + j] = Σ_l a[k·stride + l]·input[j][l] and, when `sums` is given, sums[k] = Σ_l a[k·stride + l], for
    /// k < rows, j < J: a layer's weight and bias gradients over the block. Each sum adds four lanes per vector,
    /// then the vector's lanes pairwise (`LaneSum.fold`), then the tail in order.
    static func outer(rows: Int, inputs J: Int, adjoints a: UnsafePointer<Double>, stride: Int,
                      input: UnsafePointer<UnsafePointer<Double>>, count n: Int,
                      into dst: UnsafeMutablePointer<Double>, sums: UnsafeMutablePointer<Double>?)
    {
        let whole = n - n % width
        var k = 0
        while k + 4 <= rows {
            let a0 = a + k * stride, a1 = a0 + stride, a2 = a1 + stride, a3 = a2 + stride
            // Four inputs at a time: sixteen independent sums, eight vector loads per sixteen multiply-adds (four
            // rows by one input would wait on each sum's latency). The last J % 4 inputs one at a time. Each sum's
            // order is the same either way.
            var j = 0
            while j + 4 <= J {
                outer4x4(a0, a1, a2, a3, input[j], input[j + 1], input[j + 2], input[j + 3], whole, n,
                         dst + k * J + j, J)
                j += 4
            }
            for j in j..<J {
                let h = input[j]
                var s0 = Lanes(), s1 = Lanes(), s2 = Lanes(), s3 = Lanes()
                var l = 0
                while l < whole {
                    let x = load(h + l)
                    s0 = s0.addingProduct(load(a0 + l), x)
                    s1 = s1.addingProduct(load(a1 + l), x)
                    s2 = s2.addingProduct(load(a2 + l), x)
                    s3 = s3.addingProduct(load(a3 + l), x)
                    l += width
                }
                dst[k * J + j] = finish(s0, a0, h, whole, n)
                dst[(k + 1) * J + j] = finish(s1, a1, h, whole, n)
                dst[(k + 2) * J + j] = finish(s2, a2, h, whole, n)
                dst[(k + 3) * J + j] = finish(s3, a3, h, whole, n)
            }
            k += 4
        }
        while k < rows {
            let ak = a + k * stride
            // A lone row (a network's output): four inputs at a time, four independent sums.
            var j4 = 0
            while j4 + 4 <= J {
                let h0 = input[j4], h1 = input[j4 + 1], h2 = input[j4 + 2], h3 = input[j4 + 3]
                var s0 = Lanes(), s1 = Lanes(), s2 = Lanes(), s3 = Lanes()
                var l = 0
                while l < whole {
                    let b = load(ak + l)
                    s0 = s0.addingProduct(b, load(h0 + l))
                    s1 = s1.addingProduct(b, load(h1 + l))
                    s2 = s2.addingProduct(b, load(h2 + l))
                    s3 = s3.addingProduct(b, load(h3 + l))
                    l += width
                }
                dst[k * J + j4] = finish(s0, ak, h0, whole, n)
                dst[k * J + j4 + 1] = finish(s1, ak, h1, whole, n)
                dst[k * J + j4 + 2] = finish(s2, ak, h2, whole, n)
                dst[k * J + j4 + 3] = finish(s3, ak, h3, whole, n)
                j4 += 4
            }
            for j in j4..<J {
                let h = input[j]
                var s = Lanes()
                var l = 0
                while l < whole {
                    s = s.addingProduct(load(ak + l), load(h + l))
                    l += width
                }
                dst[k * J + j] = finish(s, ak, h, whole, n)
            }
            k += 1
        }
        if let sums {
            for k in 0..<rows { sums[k] = total(a + k * stride, n) }
        }
    }

    /// The sixteen sums Σ_l a_r[l]·h_c[l] for four adjoint rows r and four inputs c: vectors of lanes up to `whole`,
    /// folded, then the tail in order; row r's sums go to dst[r·J + c].
    @inline(__always)
    private static func outer4x4(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>,
                                 _ a2: UnsafePointer<Double>, _ a3: UnsafePointer<Double>,
                                 _ h0: UnsafePointer<Double>, _ h1: UnsafePointer<Double>,
                                 _ h2: UnsafePointer<Double>, _ h3: UnsafePointer<Double>,
                                 _ whole: Int, _ n: Int, _ dst: UnsafeMutablePointer<Double>, _ J: Int)
    {
        var s00 = Lanes(), s01 = Lanes(), s02 = Lanes(), s03 = Lanes()
        var s10 = Lanes(), s11 = Lanes(), s12 = Lanes(), s13 = Lanes()
        var s20 = Lanes(), s21 = Lanes(), s22 = Lanes(), s23 = Lanes()
        var s30 = Lanes(), s31 = Lanes(), s32 = Lanes(), s33 = Lanes()
        var l = 0
        while l < whole {
            let x0 = load(h0 + l), x1 = load(h1 + l), x2 = load(h2 + l), x3 = load(h3 + l)
            let b0 = load(a0 + l)
            s00 = s00.addingProduct(b0, x0)
            s01 = s01.addingProduct(b0, x1)
            s02 = s02.addingProduct(b0, x2)
            s03 = s03.addingProduct(b0, x3)
            let b1 = load(a1 + l)
            s10 = s10.addingProduct(b1, x0)
            s11 = s11.addingProduct(b1, x1)
            s12 = s12.addingProduct(b1, x2)
            s13 = s13.addingProduct(b1, x3)
            let b2 = load(a2 + l)
            s20 = s20.addingProduct(b2, x0)
            s21 = s21.addingProduct(b2, x1)
            s22 = s22.addingProduct(b2, x2)
            s23 = s23.addingProduct(b2, x3)
            let b3 = load(a3 + l)
            s30 = s30.addingProduct(b3, x0)
            s31 = s31.addingProduct(b3, x1)
            s32 = s32.addingProduct(b3, x2)
            s33 = s33.addingProduct(b3, x3)
            l += width
        }
        dst[0] = finish(s00, a0, h0, whole, n)
        dst[1] = finish(s01, a0, h1, whole, n)
        dst[2] = finish(s02, a0, h2, whole, n)
        dst[3] = finish(s03, a0, h3, whole, n)
        dst[J] = finish(s10, a1, h0, whole, n)
        dst[J + 1] = finish(s11, a1, h1, whole, n)
        dst[J + 2] = finish(s12, a1, h2, whole, n)
        dst[J + 3] = finish(s13, a1, h3, whole, n)
        dst[2 * J] = finish(s20, a2, h0, whole, n)
        dst[2 * J + 1] = finish(s21, a2, h1, whole, n)
        dst[2 * J + 2] = finish(s22, a2, h2, whole, n)
        dst[2 * J + 3] = finish(s23, a2, h3, whole, n)
        dst[3 * J] = finish(s30, a3, h0, whole, n)
        dst[3 * J + 1] = finish(s31, a3, h1, whole, n)
        dst[3 * J + 2] = finish(s32, a3, h2, whole, n)
        dst[3 * J + 3] = finish(s33, a3, h3, whole, n)
    }

    /// One of `outer`'s sums completed: the vector's lanes folded, then lanes whole..<n of a·h added in order.
    @inline(__always)
    private static func finish(_ s: Lanes, _ a: UnsafePointer<Double>, _ h: UnsafePointer<Double>, _ whole: Int,
                               _ n: Int) -> Double
    {
        var t = fold(s)
        var l = whole
        while l < n {
            t = t.addingProduct(a[l], h[l])
            l += 1
        }
        return t
    }

    /// Σ p[0..<n]: eight lanes per vector, folded pairwise, then the tail in order.
    @inline(__always)
    static func total(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
        let whole = n - n % width
        var s = Lanes()
        var l = 0
        while l < whole {
            s += load(p + l)
            l += width
        }
        var t = fold(s)
        while l < n {
            t += p[l]
            l += 1
        }
        return t
    }

    @inline(__always)
    private static func fold(_ s: Lanes) -> Double { LaneSum.fold(s) }
}

//go:build amd64 && !purego

#include "textflag.h"

// func dotsInt8AVX2(q *int16, codes *int8, stride, rows int, out *int32)
//
// For each row: 32 codes per iteration, sign-extended to int16 (VPMOVSXBW), multiplied by the
// query's int16 digits with adjacent pairs summed into int32 (VPMADDWD), accumulated in two
// registers, then summed across lanes.
TEXT ·dotsInt8AVX2(SB), NOSPLIT, $0-40
	MOVQ q+0(FP), SI
	MOVQ codes+8(FP), DI
	MOVQ stride+16(FP), CX
	MOVQ rows+24(FP), DX
	MOVQ out+32(FP), R8

row:
	TESTQ DX, DX
	JZ    done
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	XORQ  AX, AX

col:
	VPMOVSXBW (DI)(AX*1), Y2
	VPMADDWD  (SI)(AX*2), Y2, Y2
	VPADDD    Y2, Y0, Y0
	VPMOVSXBW 16(DI)(AX*1), Y3
	VPMADDWD  32(SI)(AX*2), Y3, Y3
	VPADDD    Y3, Y1, Y1
	ADDQ      $32, AX
	CMPQ      AX, CX
	JB        col

	VPADDD       Y1, Y0, Y0
	VEXTRACTI128 $1, Y0, X1
	VPADDD       X1, X0, X0
	VPSHUFD      $0x4e, X0, X1
	VPADDD       X1, X0, X0
	VPSHUFD      $0xb1, X0, X1
	VPADDD       X1, X0, X0
	VMOVD        X0, BX
	MOVL         BX, (R8)
	ADDQ         $4, R8
	ADDQ         CX, DI
	DECQ         DX
	JMP          row

done:
	VZEROUPPER
	RET

//! A hierarchy with several chains, shared classes and doc comments, in a
//! crate that denies missing docs.
#![deny(missing_docs)]

use lockorder::LockClass;

mod locks {
    lockorder::hierarchy! {
        /// The semester row.
        pub Semester > UserLicense
            /// A participation row.
            > TournamentParticipation > TournamentBadge;
        pub Bank >
            /// An account row (doc comment after the `>`).
            Account;
        // `Semester` before `Bank`, and `Account` before `UserLicense`:
        // chains may share classes.
        pub Semester > Bank;
        pub(crate) Account > UserLicense;
    }
}

use locks::*;

const _: () = assert!(Semester::RANK == 0);
const _: () = assert!(lockorder::__private::declared_before::<
    Semester,
    TournamentBadge,
>());
const _: () = assert!(lockorder::__private::declared_before::<Bank, UserLicense>());
const _: () = assert!(!lockorder::__private::declared_before::<UserLicense, Bank>());

fn main() {
    assert_eq!(Semester::NAME, "Semester");
    assert_eq!(Bank::AFTER, ["Semester"]);
    assert_eq!(Account::AFTER, ["Semester", "Bank"]);
    assert_eq!(
        TournamentBadge::AFTER,
        [
            "Semester",
            "Bank",
            "Account",
            "UserLicense",
            "TournamentParticipation"
        ]
    );
    // Ranks are a topological order.
    assert!(Semester::RANK < Bank::RANK);
    assert!(Bank::RANK < Account::RANK);
    assert!(Account::RANK < UserLicense::RANK);
    assert!(UserLicense::RANK < TournamentParticipation::RANK);
    // The classes are ordinary unit types.
    let _copy: Semester = Semester;
    assert_eq!(format!("{:?}", UserLicense), "UserLicense");
}
